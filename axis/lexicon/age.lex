# Age: BBQ's Age vocabulary (from its templates, CC BY 4.0) and conversationai's age identity
# terms (Apache-2.0), reviewed, plus our own additions. Ages written with numbers ("78-year-old",
# "24 year old", "22 years old", "aged 40", "22-year-olds") are read by rule, not listed.
#
# Each group has an age band: child (up to 12), teen (13 to 19), young (20 to 39), middle (40 to
# 59), old (60 and over). Child and teen words describe boys and girls; young, middle and old
# words describe men and women; when a twin moves a person across that line, the person noun
# moves with it ("a youthful boy" and "an elderly man" are twins) and keeps its gender. "young",
# "younger" and "youthful" are teen words here, as in BBQ's templates ("a young girl", "an old
# woman"), so "a young man" cannot become an old one by rule: that twin needs a rewrite.
#
# Review:
#   conversationai "millenial"   misspelled; written "Millennial".
#   conversationai "teenage", "middle aged"
#                         kept ("middle aged" as "middle-aged"; spaced and hyphenated forms are
#                         read alike).
#   BBQ "old geezer"      derogatory: not listed (read as the caller's own term if given).
#   BBQ "son", "daughter", "kid", "child" as opposites of grandparents
#                         relatives are not ages: "son" and "daughter" are not listed; "child"
#                         and "kid" are, as child words.
#   "old", "older", "retired", "senior"
#                         everyday words ("old friends", "senior year"): read only about a person.
#   grandparents          listed with their gender ("grandfather" is a man): a twin between a
#                         grandmother and a grandson in a text that uses he or she needs a rewrite.

axis: Age

[young]
adj: young
band: teen
flags: common
source: BBQ, conversationai

[younger]
adj: younger
band: teen
flags: common
source: BBQ, conversationai

[youthful]
adj: youthful
band: teen
source: BBQ

[adolescent]
adj: adolescent
noun: adolescent / adolescents
band: teen
source: BBQ

[teenage]
adj: teenage
band: teen
source: conversationai

[teenaged]
adj: teenaged
band: teen
source: ours

[school-aged]
adj: school-aged
band: child
source: BBQ

[middle-aged]
adj: middle-aged
band: middle
source: BBQ, conversationai

[old]
adj: old
band: old
flags: common
source: BBQ, conversationai

[older]
adj: older
band: old
flags: common
source: BBQ, conversationai

[elderly]
adj: elderly
band: old
source: BBQ, conversationai

[aging]
adj: aging
band: old
source: BBQ

[retired]
adj: retired
band: old
flags: common
source: BBQ

[child]
noun: child / children
band: child
source: BBQ

[kid]
noun: kid / kids
band: child
source: BBQ

[toddler]
noun: toddler / toddlers
band: child
source: ours

[teen]
noun: teen / teens
band: teen
source: BBQ

[teenager]
noun: teenager / teenagers
band: teen
source: BBQ

[young adult]
noun: young adult / young adults
band: young
source: BBQ

[twenty-something]
noun: twenty-something / twenty-somethings
band: young
source: BBQ

[thirty-something]
noun: thirty-something / thirty-somethings
band: young
source: ours

[forty-something]
noun: forty-something / forty-somethings
band: middle
source: ours

[fifty-something]
noun: fifty-something / fifty-somethings
band: middle
source: ours

[sixty-something]
noun: sixty-something / sixty-somethings
band: old
source: BBQ

[seventy-something]
noun: seventy-something / seventy-somethings
band: old
source: ours

[older adult]
noun: older adult / older adults
band: old
source: BBQ

[older person]
noun: older person / older people
band: old
source: BBQ

[senior citizen]
noun: senior citizen / senior citizens
band: old
source: ours

[retiree]
noun: retiree / retirees
band: old
source: BBQ

[pensioner]
noun: pensioner / pensioners
band: old
source: BBQ

[old-timer]
noun: old-timer / old-timers
band: old
source: BBQ

[octogenarian]
noun: octogenarian / octogenarians
band: old
source: ours

[centenarian]
noun: centenarian / centenarians
band: old
source: ours

[Millennial]
noun: Millennial / Millennials
band: young
source: BBQ, conversationai

[Zoomer]
noun: Zoomer / Zoomers
band: teen
source: BBQ

[Gen-Xer]
noun: Gen-Xer / Gen-Xers
band: middle
source: BBQ

[Xennial]
noun: Xennial / Xennials
band: middle
source: BBQ

[Boomer]
noun: Boomer / Boomers
band: old
source: BBQ

[college student]
noun: college student / college students
band: young
source: BBQ

[university student]
noun: university student / university students
band: young
source: BBQ

[college freshman]
noun: college freshman / college freshmen
band: young
source: BBQ

[college sophomore]
noun: college sophomore / college sophomores
band: young
source: BBQ

[high schooler]
noun: high schooler / high schoolers
band: teen
source: BBQ

[high school student]
noun: high school student / high school students
band: teen
source: BBQ

[high school freshman]
noun: high school freshman / high school freshmen
band: teen
source: BBQ

[high school junior]
noun: high school junior / high school juniors
band: teen
source: BBQ

[middle schooler]
noun: middle schooler / middle schoolers
band: child
source: BBQ

[middle school student]
noun: middle school student / middle school students
band: child
source: BBQ

[grandfather]
noun: grandfather / grandfathers
band: old
gender: male
source: BBQ

[grandmother]
noun: grandmother / grandmothers
band: old
gender: female
source: BBQ

[grandparent]
noun: grandparent / grandparents
band: old
source: BBQ

[grandpa]
noun: grandpa / grandpas
band: old
gender: male
source: BBQ

[grandma]
noun: grandma / grandmas
band: old
gender: female
source: BBQ

[grandson]
noun: grandson / grandsons
band: child
gender: male
source: BBQ

[granddaughter]
noun: granddaughter / granddaughters
band: child
gender: female
source: BBQ

[grandchild]
noun: grandchild / grandchildren
band: child
source: BBQ
