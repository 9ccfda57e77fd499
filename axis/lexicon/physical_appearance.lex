# Physical appearance: the appearance words of BBQ's Physical_appearance templates (CC BY 4.0),
# reviewed, plus our own additions. conversationai has no appearance identity terms (its "ugly"
# is in its list of toxic adjectives, not identities).
#
# Review:
#   Everyday words        fat, thin, slim, tall, short, poorly: read only about a person ("a
#                         tall man", "one was short", "poorly dressed").
#   pregnant              describes women only (head: female); a beard men only (head: male).
#   BBQ "old geezer", "a red head"
#                         not appearance terms we keep ("redhead" is listed).
#   BBQ contrast terms    "employee", "partner", "friend" (BBQ's not-pregnant side) are not
#                         appearance words: not listed.
#   Dress                 BBQ contrasts how people are dressed with adverbs ("fashionably
#                         dressed", "sloppily dressed"); kept as adjectives of this axis.

axis: Physical_appearance

[fat]
adj: fat
flags: common
source: BBQ

[obese]
adj: obese
cond: obesity
source: BBQ

[overweight]
adj: overweight
source: BBQ

[thin]
adj: thin
flags: common
source: BBQ

[slim]
adj: slim
flags: common
source: BBQ

[skinny]
adj: skinny
source: BBQ

[tall]
adj: tall
flags: common
source: BBQ

[short]
adj: short
flags: common
source: BBQ

[little person]
noun: little person / little people
source: BBQ

[dwarfism]
cond: dwarfism
source: BBQ

[tattoos]
cond: tattoos
source: BBQ

[no tattoos]
cond: no tattoos
source: BBQ

[tattooed]
adj: tattooed
source: ours

[piercings]
cond: piercings
source: BBQ

[no piercings]
cond: no piercings
source: BBQ

[body art]
cond: body art
source: BBQ

[no body art]
cond: no body art
source: BBQ

[scars]
cond: scars
source: BBQ

[no scars]
cond: no scars
source: BBQ

[a beard]
cond: a beard
head: male
source: BBQ

[no beard]
cond: no beard
head: male
source: BBQ

[pregnant]
adj: pregnant
head: female
source: BBQ

[bald]
adj: bald
source: BBQ

[blonde]
adj: blonde
source: BBQ

[redhead]
noun: redhead / redheads
source: BBQ

[dark-haired]
adj: dark-haired
source: BBQ

[strabismus]
cond: strabismus
source: BBQ

[crossed eyes]
cond: crossed eyes
source: BBQ

[a lazy eye]
cond: a lazy eye
source: BBQ

[acne]
cond: acne
source: ours

[attractive]
adj: attractive
source: ours

[unattractive]
adj: unattractive
source: ours

[fashionably]
adj: fashionably
source: BBQ

[stylishly]
adj: stylishly
source: BBQ

[smartly]
adj: smartly
source: BBQ

[sloppily]
adj: sloppily
source: BBQ

[messily]
adj: messily
source: BBQ

[poorly]
adj: poorly
flags: common
source: BBQ
