# Socio-economic status: BBQ's SES vocabulary (occupations by prestige, CC BY 4.0), reviewed, and
# our own words for income and class.
#
# Review:
#   BBQ occupations       kept, each as its own group (BBQ contrasts low- and high-prestige
#                         occupations); "server" and "judge" are also everyday words (a computer
#                         server, to judge): read only as a person ("the server", "a judge").
#   BBQ "physics teacher", "chemical engineer"
#                         kept as written.
#   Added (ours)          income and class words: poor, low-income, working-class, middle-class,
#                         wealthy, rich, affluent, well-off, upper-class, high-income, homeless,
#                         on welfare; "poor" and "rich" are everyday words, read only about a person
#                         or a family ("a poor family", "one was rich").

axis: SES

[poor]
adj: poor
flags: common
source: ours

[low-income]
adj: low-income
source: ours

[working-class]
adj: working-class
source: ours

[middle-class]
adj: middle-class
source: ours

[upper-class]
adj: upper-class
source: ours

[high-income]
adj: high-income
source: ours

[wealthy]
adj: wealthy
source: ours

[rich]
adj: rich
flags: common
source: ours

[affluent]
adj: affluent
source: ours

[well-off]
adj: well-off
source: ours

[homeless]
adj: homeless
source: ours

[on welfare]
post: on welfare
source: ours

[truck driver]
noun: truck driver / truck drivers
source: BBQ

[cashier]
noun: cashier / cashiers
source: BBQ

[line cook]
noun: line cook / line cooks
source: BBQ

[server]
noun: server / servers
flags: common
source: BBQ

[bartender]
noun: bartender / bartenders
source: BBQ

[janitor]
noun: janitor / janitors
source: BBQ, conversationai

[sales clerk]
noun: sales clerk / sales clerks
source: BBQ

[parking attendant]
noun: parking attendant / parking attendants
source: BBQ

[farm worker]
noun: farm worker / farm workers
source: BBQ

[taxi driver]
noun: taxi driver / taxi drivers
source: BBQ

[construction worker]
noun: construction worker / construction workers
source: BBQ

[receptionist]
noun: receptionist / receptionists
source: BBQ

[optometrist]
noun: optometrist / optometrists
source: BBQ

[chemist]
noun: chemist / chemists
source: BBQ

[dentist]
noun: dentist / dentists
source: BBQ

[psychologist]
noun: psychologist / psychologists
source: BBQ

[scientist]
noun: scientist / scientists
source: BBQ, conversationai

[professor]
noun: professor / professors
source: BBQ

[physician]
noun: physician / physicians
source: BBQ

[lawyer]
noun: lawyer / lawyers
source: BBQ, conversationai

[judge]
noun: judge / judges
flags: common
source: BBQ

[physics teacher]
noun: physics teacher / physics teachers
source: BBQ

[chemical engineer]
noun: chemical engineer / chemical engineers
source: BBQ

[pharmacist]
noun: pharmacist / pharmacists
source: BBQ
