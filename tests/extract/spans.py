"""What every finder promises of its mentions: valid spans that quote the text, sorted and non-overlapping."""

from __future__ import annotations

from collections.abc import Sequence

from girok.extract.mentions import Mention


def check_offsets(text: str, mentions: Sequence[Mention]) -> None:
    previous_end = 0
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.quote == text[mention.start : mention.end]
        assert mention.start >= previous_end  # sorted and non-overlapping
        previous_end = mention.end
