"""What a host may write: the one rule for characters no host means to type."""

from __future__ import annotations

import re

# Invisible characters that XML cannot carry (or carries only to confuse apps), so neither a YAML value nor a
# write-up may hold one: C0 and C1 controls (tab, line feed, carriage return and U+0085 NEXT LINE are text),
# lone surrogates (from a YAML "\ud800" escape) and the non-characters U+FFFE and U+FFFF.
INVISIBLE_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
