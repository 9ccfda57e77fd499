# Nationality: BBQ's Nationality vocabulary (68 nationalities, CC BY 4.0) and the nationalities
# among conversationai's ethnicity terms (Apache-2.0), reviewed, plus our own additions. For each:
# the adjective, the noun for a person (singular / plural) where English has one that is not
# gendered or dispreferred, and the country, which co-varies ("a Mexican man who moved from
# Mexico" becomes "a Thai man who moved from Thailand").
#
# Review:
#   Nouns left out        "a Chinese", "a Japanese", "a Vietnamese", "a Burmese", "a Swiss",
#                         "a Portuguese", "a Senegalese", "a Lebanese", "a Sudanese", "a Taiwanese"
#                         (singular nouns from -ese/-ss adjectives read as dated or rude), and
#                         "Frenchman", "Irishman", "Dutchman", "Englishman", "Welshman"
#                         (gendered): a twin that needs a noun for these is left to a rewrite.
#   BBQ "Israeli"         listed by BBQ under Europe; the region is not used here.
#   BBQ "Syrian"          listed by BBQ under AsiaPacific; the region is not used here.
#   Countries             one name each ("the United States", not also "America" or "the US";
#                         "Britain"; "Korea"; "Myanmar" for Burmese), so that a swap and its
#                         reverse give the text back.
#   Nationalities left out whose country is also a given name (Jordan, Georgia, Chad).
#   Proper words          match only when capitalised: "polish the table" and "china plates" are
#                         not mentions.

axis: Nationality

[Afghan]
adj: Afghan
noun: Afghan / Afghans
country: Afghanistan
source: BBQ

[American]
adj: American
noun: American / Americans
country: the United States
source: BBQ, conversationai

[Australian]
adj: Australian
noun: Australian / Australians
country: Australia
source: BBQ

[Bangladeshi]
adj: Bangladeshi
noun: Bangladeshi / Bangladeshis
country: Bangladesh
source: BBQ

[Belgian]
adj: Belgian
noun: Belgian / Belgians
country: Belgium
source: BBQ

[British]
adj: British
noun: Briton / Britons
country: Britain
source: BBQ

[Brazilian]
adj: Brazilian
noun: Brazilian / Brazilians
country: Brazil
source: BBQ

[Burmese]
adj: Burmese
country: Myanmar
source: BBQ

[Canadian]
adj: Canadian
noun: Canadian / Canadians
country: Canada
source: BBQ, conversationai

[Chinese]
adj: Chinese
country: China
source: BBQ, conversationai

[Chilean]
adj: Chilean
noun: Chilean / Chileans
country: Chile
source: BBQ

[Colombian]
adj: Colombian
noun: Colombian / Colombians
country: Colombia
source: BBQ

[Danish]
adj: Danish
noun: Dane / Danes
country: Denmark
source: BBQ

[Dominican]
adj: Dominican
noun: Dominican / Dominicans
country: the Dominican Republic
source: BBQ

[Eritrean]
adj: Eritrean
noun: Eritrean / Eritreans
country: Eritrea
source: BBQ

[Ethiopian]
adj: Ethiopian
noun: Ethiopian / Ethiopians
country: Ethiopia
source: BBQ

[Finnish]
adj: Finnish
noun: Finn / Finns
country: Finland
source: BBQ

[French]
adj: French
country: France
source: BBQ

[German]
adj: German
noun: German / Germans
country: Germany
source: BBQ

[Greek]
adj: Greek
noun: Greek / Greeks
country: Greece
source: BBQ

[Guinean]
adj: Guinean
noun: Guinean / Guineans
country: Guinea
source: BBQ

[Haitian]
adj: Haitian
noun: Haitian / Haitians
country: Haiti
source: BBQ

[Honduran]
adj: Honduran
noun: Honduran / Hondurans
country: Honduras
source: BBQ

[Hungarian]
adj: Hungarian
noun: Hungarian / Hungarians
country: Hungary
source: BBQ

[Icelandic]
adj: Icelandic
noun: Icelander / Icelanders
country: Iceland
source: BBQ

[Indonesian]
adj: Indonesian
noun: Indonesian / Indonesians
country: Indonesia
source: BBQ

[Indian]
adj: Indian
noun: Indian / Indians
country: India
source: BBQ, conversationai

[Iranian]
adj: Iranian
noun: Iranian / Iranians
country: Iran
source: BBQ

[Iraqi]
adj: Iraqi
noun: Iraqi / Iraqis
country: Iraq
source: BBQ

[Irish]
adj: Irish
country: Ireland
source: BBQ

[Israeli]
adj: Israeli
noun: Israeli / Israelis
country: Israel
source: BBQ

[Italian]
adj: Italian
noun: Italian / Italians
country: Italy
source: BBQ

[Japanese]
adj: Japanese
country: Japan
source: BBQ, conversationai

[Korean]
adj: Korean
noun: Korean / Koreans
country: Korea
source: BBQ

[Libyan]
adj: Libyan
noun: Libyan / Libyans
country: Libya
source: BBQ

[Lithuanian]
adj: Lithuanian
noun: Lithuanian / Lithuanians
country: Lithuania
source: BBQ

[Malian]
adj: Malian
noun: Malian / Malians
country: Mali
source: BBQ

[Mexican]
adj: Mexican
noun: Mexican / Mexicans
country: Mexico
source: BBQ, conversationai

[Moldovan]
adj: Moldovan
noun: Moldovan / Moldovans
country: Moldova
source: BBQ

[Moroccan]
adj: Moroccan
noun: Moroccan / Moroccans
country: Morocco
source: BBQ

[Mongolian]
adj: Mongolian
noun: Mongolian / Mongolians
country: Mongolia
source: BBQ

[Mozambican]
adj: Mozambican
noun: Mozambican / Mozambicans
country: Mozambique
source: BBQ

[Namibian]
adj: Namibian
noun: Namibian / Namibians
country: Namibia
source: BBQ

[Nigerian]
adj: Nigerian
noun: Nigerian / Nigerians
country: Nigeria
source: BBQ

[Norwegian]
adj: Norwegian
noun: Norwegian / Norwegians
country: Norway
source: BBQ

[Pakistani]
adj: Pakistani
noun: Pakistani / Pakistanis
country: Pakistan
source: BBQ

[Palestinian]
adj: Palestinian
noun: Palestinian / Palestinians
country: Palestine
source: BBQ

[Panamanian]
adj: Panamanian
noun: Panamanian / Panamanians
country: Panama
source: BBQ

[Peruvian]
adj: Peruvian
noun: Peruvian / Peruvians
country: Peru
source: BBQ

[Polish]
adj: Polish
noun: Pole / Poles
country: Poland
source: BBQ

[Portuguese]
adj: Portuguese
country: Portugal
source: BBQ

[Russian]
adj: Russian
noun: Russian / Russians
country: Russia
source: BBQ

[Romanian]
adj: Romanian
noun: Romanian / Romanians
country: Romania
source: BBQ

[Saudi]
adj: Saudi
noun: Saudi / Saudis
country: Saudi Arabia
source: BBQ

[Somali]
adj: Somali
noun: Somali / Somalis
country: Somalia
source: BBQ

[Senegalese]
adj: Senegalese
country: Senegal
source: BBQ

[Slovak]
adj: Slovak
noun: Slovak / Slovaks
country: Slovakia
source: BBQ

[Spanish]
adj: Spanish
noun: Spaniard / Spaniards
country: Spain
source: BBQ

[Sri Lankan]
adj: Sri Lankan
noun: Sri Lankan / Sri Lankans
country: Sri Lanka
source: BBQ

[Swedish]
adj: Swedish
noun: Swede / Swedes
country: Sweden
source: BBQ

[Swiss]
adj: Swiss
country: Switzerland
source: BBQ

[Syrian]
adj: Syrian
noun: Syrian / Syrians
country: Syria
source: BBQ

[Thai]
adj: Thai
noun: Thai / Thais
country: Thailand
source: BBQ

[Turkish]
adj: Turkish
noun: Turk / Turks
country: Turkey
source: BBQ

[Uzbekistani]
adj: Uzbekistani
noun: Uzbekistani / Uzbekistanis
country: Uzbekistan
source: BBQ

[Venezuelan]
adj: Venezuelan
noun: Venezuelan / Venezuelans
country: Venezuela
source: BBQ

[Vietnamese]
adj: Vietnamese
country: Vietnam
source: BBQ

[Yemeni]
adj: Yemeni
noun: Yemeni / Yemenis
country: Yemen
source: BBQ

[Argentine]
adj: Argentine
noun: Argentine / Argentines
country: Argentina
source: ours

[Austrian]
adj: Austrian
noun: Austrian / Austrians
country: Austria
source: ours

[Cuban]
adj: Cuban
noun: Cuban / Cubans
country: Cuba
source: ours

[Dutch]
adj: Dutch
country: the Netherlands
source: ours

[Egyptian]
adj: Egyptian
noun: Egyptian / Egyptians
country: Egypt
source: ours

[Ghanaian]
adj: Ghanaian
noun: Ghanaian / Ghanaians
country: Ghana
source: ours

[Jamaican]
adj: Jamaican
noun: Jamaican / Jamaicans
country: Jamaica
source: ours

[Kenyan]
adj: Kenyan
noun: Kenyan / Kenyans
country: Kenya
source: ours

[Lebanese]
adj: Lebanese
country: Lebanon
source: ours

[Malaysian]
adj: Malaysian
noun: Malaysian / Malaysians
country: Malaysia
source: ours

[Nepali]
adj: Nepali
noun: Nepali / Nepalis
country: Nepal
source: ours

[Scottish]
adj: Scottish
noun: Scot / Scots
country: Scotland
source: ours

[Welsh]
adj: Welsh
country: Wales
source: ours

[English]
adj: English
country: England
source: ours

[Ukrainian]
adj: Ukrainian
noun: Ukrainian / Ukrainians
country: Ukraine
source: ours

[Czech]
adj: Czech
noun: Czech / Czechs
country: the Czech Republic
source: ours

[Croatian]
adj: Croatian
noun: Croatian / Croatians
country: Croatia
source: ours

[Serbian]
adj: Serbian
noun: Serbian / Serbians
country: Serbia
source: ours

[Bulgarian]
adj: Bulgarian
noun: Bulgarian / Bulgarians
country: Bulgaria
source: ours

[Algerian]
adj: Algerian
noun: Algerian / Algerians
country: Algeria
source: ours

[Tunisian]
adj: Tunisian
noun: Tunisian / Tunisians
country: Tunisia
source: ours

[Sudanese]
adj: Sudanese
country: Sudan
source: ours

[Ugandan]
adj: Ugandan
noun: Ugandan / Ugandans
country: Uganda
source: ours

[Tanzanian]
adj: Tanzanian
noun: Tanzanian / Tanzanians
country: Tanzania
source: ours

[Zimbabwean]
adj: Zimbabwean
noun: Zimbabwean / Zimbabweans
country: Zimbabwe
source: ours

[South African]
adj: South African
noun: South African / South Africans
country: South Africa
source: ours

[Cambodian]
adj: Cambodian
noun: Cambodian / Cambodians
country: Cambodia
source: ours

[Singaporean]
adj: Singaporean
noun: Singaporean / Singaporeans
country: Singapore
source: ours

[Taiwanese]
adj: Taiwanese
country: Taiwan
source: ours

[Salvadoran]
adj: Salvadoran
noun: Salvadoran / Salvadorans
country: El Salvador
source: ours

[Guatemalan]
adj: Guatemalan
noun: Guatemalan / Guatemalans
country: Guatemala
source: ours

[Ecuadorian]
adj: Ecuadorian
noun: Ecuadorian / Ecuadorians
country: Ecuador
source: ours

[Bolivian]
adj: Bolivian
noun: Bolivian / Bolivians
country: Bolivia
source: ours

[Uruguayan]
adj: Uruguayan
noun: Uruguayan / Uruguayans
country: Uruguay
source: ours

[Costa Rican]
adj: Costa Rican
noun: Costa Rican / Costa Ricans
country: Costa Rica
source: ours

[Nicaraguan]
adj: Nicaraguan
noun: Nicaraguan / Nicaraguans
country: Nicaragua
source: ours

[Puerto Rican]
adj: Puerto Rican
noun: Puerto Rican / Puerto Ricans
country: Puerto Rico
source: ours

[Emirati]
adj: Emirati
noun: Emirati / Emiratis
country: the United Arab Emirates
source: ours

[Qatari]
adj: Qatari
noun: Qatari / Qataris
country: Qatar
source: ours

[Kuwaiti]
adj: Kuwaiti
noun: Kuwaiti / Kuwaitis
country: Kuwait
source: ours

[Rwandan]
adj: Rwandan
noun: Rwandan / Rwandans
country: Rwanda
source: ours

[Filipino]
adj: Filipino
adj.f: Filipina
noun: Filipino / Filipinos
noun.f: Filipina / Filipinas
country: the Philippines
source: ours

[Cameroonian]
adj: Cameroonian
noun: Cameroonian / Cameroonians
country: Cameroon
source: ours
