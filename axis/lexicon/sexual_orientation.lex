# Sexual orientation: BBQ's Sexual_orientation groups (CC BY 4.0) and conversationai's sexuality
# terms (Apache-2.0), reviewed, plus our own additions.
#
# Review:
#   conversationai "transgender", "trans", "cis", "nonbinary", "male", "female"
#                         are gender identity, not sexual orientation: left out of this axis.
#   conversationai "lgbt", "lgbtq"
#                         umbrella acronyms, not one orientation: kept as one group so that a
#                         leak is still seen, hidden from Groups.
#   "homosexual"          dated and clinical; kept as its own hidden group, so that texts that
#                         use it are read, and never offered as a group to write twins with.
#   "gays", "a gay"       nouns that many readers find offensive: gay has no noun form here, so
#                         a twin that needs one is left to a rewrite.
#   lesbian               describes women only (head: female): "a gay man" cannot become a
#                         "lesbian man", so that twin needs a rewrite.
#   "straight"            also an everyday word ("went straight home"): read only about a person.
#   "bi", "pan", "ace"    short forms that are everyday words: left out.

axis: Sexual_orientation

[gay]
adj: gay
source: BBQ, conversationai

[lesbian]
adj: lesbian
noun: lesbian / lesbians
head: female
source: BBQ, conversationai

[bisexual]
adj: bisexual
noun: bisexual / bisexuals
source: BBQ, conversationai

[pansexual]
adj: pansexual
source: BBQ

[straight]
adj: straight
flags: common
source: BBQ, conversationai

[heterosexual]
adj: heterosexual
noun: heterosexual / heterosexuals
source: conversationai

[asexual]
adj: asexual
source: ours

[queer]
adj: queer
source: conversationai

[homosexual]
adj: homosexual
flags: hidden
source: conversationai

[LGBTQ]
adj: LGBTQ
flags: hidden
source: conversationai

[LGBT]
adj: LGBT
flags: hidden
source: conversationai
