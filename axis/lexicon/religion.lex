# Religion: the groups of BBQ's Religion category (vocabulary and templates, CC BY 4.0) and the
# religion identity terms of conversationai's words.csv (Apache-2.0), reviewed, plus our own
# additions. Co-varying words (place of worship, clergy, scripture, the faith's name) are our own;
# a role a group lacks (an atheist has no place of worship) makes a twin that needs one a rewrite.
#
# Review:
#   BBQ "Orthodox"        left out: BBQ itself marks it Pilot_include=No, and alone it does not
#                         say which faith (Orthodox Jewish, Eastern Orthodox Christian).
#   Jewish                also in BBQ's Race_ethnicity list; here as a religion.
#   conversationai terms  all lower case there ("christian", "muslim"); written as proper words.
#   Added (ours)          Agnostic, Jain, Taoist (conversationai has "taoist").
#   One word per role     a role holds one singular and one plural word, so that a swap and its
#                         reverse give the text back ("Koran" is not listed beside "Quran").

axis: Religion

[Christian]
adj: Christian
noun: Christian / Christians
place: church / churches
clergy: pastor / pastors
book: Bible
faith: Christianity
source: BBQ, conversationai

[Catholic]
adj: Catholic
noun: Catholic / Catholics
place: church / churches
clergy: priest / priests
book: Bible
faith: Catholicism
source: BBQ, conversationai

[Protestant]
adj: Protestant
noun: Protestant / Protestants
place: church / churches
clergy: pastor / pastors
book: Bible
faith: Protestantism
source: BBQ, conversationai

[Mormon]
adj: Mormon
noun: Mormon / Mormons
place: church / churches
clergy: bishop / bishops
book: Book of Mormon
faith: Mormonism
source: BBQ

[Jewish]
adj: Jewish
noun: Jew / Jews
place: synagogue / synagogues
clergy: rabbi / rabbis
book: Torah
faith: Judaism
source: BBQ, conversationai

[Muslim]
adj: Muslim
noun: Muslim / Muslims
place: mosque / mosques
clergy: imam / imams
book: Quran
faith: Islam
source: BBQ, conversationai

[Hindu]
adj: Hindu
noun: Hindu / Hindus
place: temple / temples
clergy: priest / priests
book: Bhagavad Gita
faith: Hinduism
source: BBQ

[Buddhist]
adj: Buddhist
noun: Buddhist / Buddhists
place: temple / temples
clergy: monk / monks
faith: Buddhism
source: BBQ, conversationai

[Sikh]
adj: Sikh
noun: Sikh / Sikhs
place: gurdwara / gurdwaras
clergy: granthi / granthis
book: Guru Granth Sahib
faith: Sikhism
source: BBQ, conversationai

[Taoist]
adj: Taoist
noun: Taoist / Taoists
place: temple / temples
clergy: priest / priests
book: Tao Te Ching
faith: Taoism
source: conversationai

[Jain]
adj: Jain
noun: Jain / Jains
place: temple / temples
clergy: monk / monks
faith: Jainism
source: ours

[atheist]
adj: atheist
noun: atheist / atheists
faith: atheism
source: BBQ

[agnostic]
adj: agnostic
noun: agnostic / agnostics
faith: agnosticism
source: ours
