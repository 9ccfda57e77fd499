# Race and ethnicity: the terms of BBQ's vocabulary for Race_ethnicity (CC BY 4.0) and
# conversationai's ethnicity identity terms (Apache-2.0), reviewed, plus our own additions.
#
# Review:
#   conversationai "kike", "hook nose", "wetback", "spic", "chink", "gook"
#                         slurs: never shipped as terms (not even hidden).
#   conversationai "mexican", "canadian", "american", "indian", "chinese", "japanese"
#                         nationalities: they belong to the Nationality axis.
#   conversationai "latinx"
#                         kept, as its own group; its use is contested.
#   BBQ "Alaskan"         marked Pilot_include=No by BBQ; "Alaska Native" is the term in use.
#   BBQ "Jewish"          an ethnicity as well as a religion; kept here with the noun "Jew".
#   "Black", "White"      everyday colour words: read only about a person ("a Black man",
#                         "one is White"), and written in the case the text uses.
#   Latino                has a feminine form (Latina), chosen by the person it describes.
#   "Blacks", "Whites"    as nouns are dispreferred: these groups have no noun form here, so a
#                         twin that needs one is left to a rewrite.

axis: Race_ethnicity

[Black]
adj: Black
flags: common
source: BBQ, conversationai

[White]
adj: White
flags: common
source: BBQ, conversationai

[Asian]
adj: Asian
noun: Asian / Asians
source: BBQ, conversationai

[Hispanic]
adj: Hispanic
noun: Hispanic / Hispanics
source: BBQ, conversationai

[Latino]
adj: Latino
adj.f: Latina
noun: Latino / Latinos
noun.f: Latina / Latinas
source: BBQ, conversationai

[Latinx]
adj: Latinx
flags: hidden
source: conversationai

[African American]
adj: African American
noun: African American / African Americans
source: BBQ, conversationai

[African]
adj: African
noun: African / Africans
source: BBQ, conversationai

[Caucasian]
adj: Caucasian
noun: Caucasian / Caucasians
source: BBQ

[European]
adj: European
noun: European / Europeans
source: BBQ, conversationai

[Arab]
adj: Arab
noun: Arab / Arabs
source: BBQ

[Middle Eastern]
adj: Middle Eastern
source: BBQ, conversationai

[Native American]
adj: Native American
noun: Native American / Native Americans
source: BBQ

[South American]
adj: South American
noun: South American / South Americans
source: BBQ

[Latin American]
adj: Latin American
noun: Latin American / Latin Americans
source: ours

[Roma]
adj: Roma
source: BBQ

[Jewish]
adj: Jewish
noun: Jew / Jews
source: BBQ

[Asian American]
adj: Asian American
noun: Asian American / Asian Americans
source: ours

[East Asian]
adj: East Asian
source: ours

[South Asian]
adj: South Asian
source: ours

[Southeast Asian]
adj: Southeast Asian
source: ours

[Pacific Islander]
noun: Pacific Islander / Pacific Islanders
source: ours

[Alaska Native]
adj: Alaska Native
noun: Alaska Native / Alaska Natives
source: ours

[Native Hawaiian]
adj: Native Hawaiian
noun: Native Hawaiian / Native Hawaiians
source: ours

[Indigenous]
adj: Indigenous
source: ours
