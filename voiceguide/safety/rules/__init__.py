"""The detector's rules: regular expressions over normalized text (see normalize.py), one category each.

Each rule names a phrase that, said about oneself, means danger. Idioms ("this traffic is killing me")
do not match because the rules need the reflexive or personal object, an intent, or a method; where an
idiom shares the words, a lookahead after the phrase rules it out. Rules marked negatable are dropped
when a negation ("not", "never", "no") comes shortly before them in the same clause. One module holds
each category's rules; blocks.py the shared pieces, ../vocabulary.py the word lists.
"""

from __future__ import annotations

from voiceguide.safety.rules.abuse import ABUSE_RULES
from voiceguide.safety.rules.blocks import Rule
from voiceguide.safety.rules.danger import DANGER_RULES
from voiceguide.safety.rules.others import HARM_TO_OTHERS_RULES
from voiceguide.safety.rules.self_harm import SELF_HARM_RULES
from voiceguide.safety.rules.suicide import SUICIDE_RULES

RULES: tuple[Rule, ...] = (
    *DANGER_RULES, *SUICIDE_RULES, *SELF_HARM_RULES, *HARM_TO_OTHERS_RULES, *ABUSE_RULES,
)

__all__ = ["RULES", "Rule"]
