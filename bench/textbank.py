"""Words and sentences the synthetic corpus is assembled from, per language.

The phrases follow the tone of the campaign's own content (recruitment, exploitation,
where to get help, lessons at school), so that Markdown parsing, slugging and
Lithuanian diacritics are exercised the way real entries exercise them.
"""

TOPICS = {
    "lt": [
        "Darbo pasiūlymas užsienyje", "Verbavimas socialiniuose tinkluose", "Skolų vergija",
        "Priverstinė santuoka", "Mylimojo spąstai", "Išnaudojimas statybose",
        "Priverstinis elgetavimas", "Globos namų jaunuoliai", "Įdarbinimo agentūros",
        "Atimti dokumentai", "Seksualinis išnaudojimas", "Priverstinis nusikalstamumas",
        "Sezoniniai darbai", "Pažintys internete", "Modelių agentūros",
        "Žemės ūkio darbai", "Pagalba nukentėjusiems", "Pokalbis klasėje",
        "Šeimos narių spaudimas", "Fiktyvios santuokos", "Darbas be sutarties",
        "Nepilnamečių apsauga", "Migracija ir rizika", "Socialinė rizika",
    ],
    "en": [
        "A job offer abroad", "Recruitment on social media", "Debt bondage",
        "Forced marriage", "The loverboy trap", "Exploitation on building sites",
        "Forced begging", "Young people in care", "Recruitment agencies",
        "Confiscated documents", "Sexual exploitation", "Forced criminality",
        "Seasonal work", "Dating online", "Modelling agencies",
        "Farm work", "Support for victims", "A conversation in class",
        "Pressure from relatives", "Sham marriages", "Work without a contract",
        "Protecting minors", "Migration and risk", "Social risk",
    ],
}

ANGLES = {
    "lt": [
        "ką turi žinoti moksleiviai", "kaip atpažinti pavojų", "ką daryti pirmiausia",
        "dažniausi ženklai", "mitai ir tikrovė", "kaip kalbėti su paaugliais",
        "patarimai tėvams", "ką sako specialistai", "kur kreiptis pagalbos",
        "žingsnis po žingsnio", "pamokos planas", "klausimai ir atsakymai",
        "vienos istorijos pamokos", "ką rodo tyrimai", "teisininko komentaras",
        "socialinio darbuotojo patirtis", "ko nesako darbdavys", "kaip apsisaugoti",
    ],
    "en": [
        "what pupils should know", "how to recognise the danger", "what to do first",
        "the most common signs", "myths and reality", "how to talk to teenagers",
        "advice for parents", "what professionals say", "where to get help",
        "step by step", "a lesson plan", "questions and answers",
        "lessons from one story", "what research shows", "a lawyer's view",
        "a social worker's experience", "what the employer does not say", "how to stay safe",
    ],
}

PLACES = {
    "lt": [
        "Vilniuje", "Kaune", "Klaipėdoje", "Šiauliuose", "Panevėžyje", "Alytuje",
        "Marijampolėje", "Utenoje", "Telšiuose", "Tauragėje", "Jonavoje", "Ukmergėje",
        "Kėdainiuose", "Visagine", "Plungėje", "Rokiškyje", "Druskininkuose", "Biržuose",
    ],
    "en": [
        "in Vilnius", "in Kaunas", "in Klaipėda", "in Šiauliai", "in Panevėžys", "in Alytus",
        "in Marijampolė", "in Utena", "in Telšiai", "in Tauragė", "in Jonava", "in Ukmergė",
        "in Kėdainiai", "in Visaginas", "in Plungė", "in Rokiškis", "in Druskininkai", "in Biržai",
    ],
}

VENUES = {
    "lt": [
        "jaunimo centras", "gimnazijos aktų salė", "savivaldybės biblioteka",
        "kultūros centras", "universiteto auditorija", "bendruomenės namai",
    ],
    "en": [
        "Youth Centre", "school assembly hall", "municipal library",
        "Cultural Centre", "university lecture hall", "community house",
    ],
}

HEADINGS = {
    "lt": [
        "Kaip tai atrodo", "Ką verta žinoti", "Kodėl tai pavojinga", "Ką daryti",
        "Kur kreiptis pagalbos", "Ką sako įstatymai", "Skaičiai ir faktai",
        "Patarimai mokytojams", "Kaip padėti draugui", "Dažniausios klaidos",
        "Kas nutiko toliau", "Ką galime padaryti kartu", "Pokalbio pradžia",
        "Ženklai, kurių negalima ignoruoti", "Jei jau esi išvykęs",
    ],
    "en": [
        "What it looks like", "What is worth knowing", "Why it is dangerous", "What to do",
        "Where to get help", "What the law says", "Figures and facts",
        "Advice for teachers", "How to help a friend", "Common mistakes",
        "What happened next", "What we can do together", "Starting the conversation",
        "Signs you must not ignore", "If you have already left",
    ],
}

SENTENCES = {
    "lt": [
        "Prekeiviai žmonėmis retai verbuoja jėga; dažniau jie žada gerą darbą ir naują gyvenimą.",
        "Pasiūlymą neretai perduoda pažįstamas žmogus, kuris pats gali nežinoti, kas laukia.",
        "Atvykus paaiškėja, kad darbas kitoks, o atlyginimas daug mažesnis.",
        "Iš atlyginimo išskaičiuoja už kelionę, būstą ir maistą, todėl skola tik auga.",
        "Pasas „saugomas“ pas darbdavį, o išeiti neleidžiama, kol skola negrąžinta.",
        "Tai – darbo išnaudojimas, viena iš prekybos žmonėmis formų.",
        "Sutikimas važiuoti nėra sutikimas būti išnaudojamam.",
        "Jei tave apgavo, tai ne tavo kaltė, ir pagalba yra nemokama.",
        "Skubėjimas yra spaudimo ženklas: geras darbas nedings per vieną vakarą.",
        "Mokytojai dažnai pirmieji pastebi, kad mokinys elgiasi kitaip nei anksčiau.",
        "Globos namuose augę jaunuoliai ypač pažeidžiami, nes dažnai neturi, kas patartų.",
        "Internete užmegzta draugystė gali greitai virsti kontrole ir grasinimais.",
        "Nukentėjusieji ilgai nesikreipia pagalbos, nes gėdijasi arba bijo policijos.",
        "Pagalbos linija atsiliepia visą parą lietuvių, anglų ir rusų kalbomis.",
        "Specialistai pataria pasidaryti dokumentų kopijas ir palikti jas artimiesiems.",
        "Tikras darbdavys duos laiko pagalvoti ir pasirašyti sutartį prieš išvykstant.",
        "Per pastaruosius metus tokių atvejų skaičius Lietuvoje nuolat didėjo.",
        "Dažniausiai nukenčia jauni žmonės, ieškantys pirmojo darbo ar galimybės užsidirbti vasarą.",
        "Svarbu kalbėti ne tik apie pavojus, bet ir apie tai, kaip jų išvengti.",
        "Draugas, kuris staiga nutolo nuo šeimos ir turi naujų brangių daiktų, gali būti kontroliuojamas.",
        "Nebijok klausti: kuo daugiau klausimų užduosi, tuo lengviau atpažinsi apgaulę.",
        "Įstatymas saugo nukentėjusįjį, net jei jis pats sutiko su kelione ar darbu.",
        "Savivaldybės, mokyklos ir nevyriausybinės organizacijos bendradarbiauja, kad pagalba būtų greita.",
        "Šį pavyzdį galima aptarti klasėje ir paprašyti mokinių pasiūlyti saugų sprendimą.",
        "Čia svarbiausia – pasitikėjimas: žmogus turi žinoti, kad jo išklausys ir nesmerks.",
        "Įtarimus galima pranešti anonimiškai, o skubiu atveju reikia skambinti 112.",
        "Ūkininkai, statybų įmonės ir valymo paslaugų tiekėjai ne visada patikrina tarpininkus.",
        "Žmogus, kuris kontroliuoja tavo telefoną, pinigus ar dokumentus, tavęs nesaugo.",
    ],
    "en": [
        "Traffickers rarely recruit by force; more often they promise a good job and a new life.",
        "The offer often comes through an acquaintance who may not know what awaits either.",
        "On arrival it turns out that the work is different and the pay far lower.",
        "Travel, housing and food are deducted from the wages, so the debt only grows.",
        "The passport is “kept safe” by the employer, and leaving is not allowed until the debt is paid.",
        "This is labour exploitation, one of the forms of human trafficking.",
        "Agreeing to travel is not agreeing to be exploited.",
        "If you were deceived, it is not your fault, and help is free of charge.",
        "Being rushed is a sign of pressure: a good job will not disappear overnight.",
        "Teachers are often the first to notice that a pupil behaves differently than before.",
        "Young people who grew up in care are especially vulnerable, as they often have nobody to ask.",
        "A friendship started online can quickly turn into control and threats.",
        "Victims often wait a long time before asking for help, out of shame or fear of the police.",
        "The helpline answers day and night in Lithuanian, English and Russian.",
        "Professionals advise making copies of your documents and leaving them with relatives.",
        "A real employer will give you time to think and to sign a contract before you leave.",
        "Over recent years the number of such cases in Lithuania has kept growing.",
        "Most of those harmed are young people looking for a first job or summer earnings.",
        "It matters to talk not only about the dangers but also about how to avoid them.",
        "A friend who suddenly withdraws from family and owns expensive new things may be controlled.",
        "Do not be afraid to ask: the more questions you ask, the easier it is to spot a deception.",
        "The law protects the victim even if they agreed to the journey or the work.",
        "Municipalities, schools and non-governmental organisations work together so that help comes quickly.",
        "This example can be discussed in class, asking pupils to suggest a safe way out.",
        "What matters most here is trust: people need to know they will be heard and not judged.",
        "Suspicions can be reported anonymously, and in an emergency you should call 112.",
        "Farmers, building firms and cleaning contractors do not always check their go-betweens.",
        "Someone who controls your phone, money or documents is not keeping you safe.",
    ],
}

LIST_ITEMS = {
    "lt": [
        "**Tavo dokumentai priklauso tik tau.** Niekam jų neatiduok, net „trumpam“.",
        "Paprašyk rašytinės sutarties kalba, kurią supranti.",
        "Patikrink darbdavio pavadinimą, registraciją ir adresą žemėlapyje.",
        "Parodyk pasiūlymą suaugusiam, kuriuo pasitiki.",
        "Susitark su artimaisiais, kada ir kaip skambinsi.",
        "Būk atsargus, jei už įdarbinimą prašo *sumokėti iš anksto*.",
        "Neišsiųsk savo intymių nuotraukų žmogui, kurio nesi matęs gyvai.",
        "Užsirašyk pagalbos linijos numerį **8 800 91119**.",
        "Jei gresia pavojus, skambink **112**.",
        "Pasikalbėk su mokyklos socialiniu pedagogu ar psichologu.",
        "Nesutik „atidirbti“ skolos už kelionę ar būstą.",
        "Pasilik dokumentų kopijas telefone ir el. pašte.",
    ],
    "en": [
        "**Your documents belong to you alone.** Never hand them over, not even “for a moment”.",
        "Ask for a written contract in a language you understand.",
        "Check the employer's name, registration and address on a map.",
        "Show the offer to an adult you trust.",
        "Agree with your family when and how you will call.",
        "Be careful if you are asked to *pay up front* for a job.",
        "Do not send intimate photos to someone you have never met in person.",
        "Save the helpline number **8 800 91119**.",
        "If you are in danger, call **112**.",
        "Talk to the school's social worker or psychologist.",
        "Do not agree to “work off” a debt for travel or housing.",
        "Keep copies of your documents on your phone and in your e-mail.",
    ],
}

TABLE_HEADERS = {
    "lt": [("Metai", "Nustatyti atvejai", "Nukentėjusieji"),
           ("Forma", "Dalis", "Pastaba"),
           ("Ženklas", "Rizika", "Ką daryti")],
    "en": [("Year", "Cases identified", "Victims"),
           ("Form", "Share", "Note"),
           ("Sign", "Risk", "What to do")],
}

TABLE_WORDS = {
    "lt": ["didelė", "vidutinė", "maža", "darbo išnaudojimas", "seksualinis išnaudojimas",
           "priverstinis nusikalstamumas", "skambink 112", "pasitark", "patikrink sutartį"],
    "en": ["high", "medium", "low", "labour exploitation", "sexual exploitation",
           "forced criminality", "call 112", "ask for advice", "check the contract"],
}

FOOTNOTES = {
    "lt": [
        "Remiamasi Vidaus reikalų ministerijos 2024 m. duomenimis.",
        "Vardas pakeistas, kad žmogaus nebūtų galima atpažinti.",
        "Lietuvos Respublikos baudžiamasis kodeksas, 147 straipsnis.",
        "Europos Komisijos ataskaita apie kovą su prekyba žmonėmis.",
        "Apklausoje dalyvavo 1 200 moksleivių iš dešimties savivaldybių.",
    ],
    "en": [
        "Based on figures from the Ministry of the Interior for 2024.",
        "The name has been changed so that the person cannot be identified.",
        "Criminal Code of the Republic of Lithuania, Article 147.",
        "The European Commission's report on the fight against trafficking in human beings.",
        "The survey covered 1,200 pupils from ten municipalities.",
    ],
}

QUOTES = {
    "lt": [
        "Maniau, kad važiuoju dirbti į kavinę. Tik po mėnesio supratau, kad iš ten neišeisiu.",
        "Svarbiausia buvo, kad kažkas paklausė, kaip aš iš tikrųjų jaučiuosi.",
        "Mes nenorime gąsdinti, norime, kad jaunuoliai žinotų, ko klausti.",
    ],
    "en": [
        "I thought I was going to work in a café. Only after a month did I see that I would not get out.",
        "What mattered most was that someone asked how I really felt.",
        "We do not want to frighten anyone; we want young people to know what to ask.",
    ],
}

TAGS = {
    "lt": [
        "darbas užsienyje", "darbo išnaudojimas", "verbavimas", "internetas", "skolų vergija",
        "priverstinė santuoka", "seksualinis išnaudojimas", "globos namai", "mokykla",
        "pagalba", "prevencija", "migracija", "įdarbinimo agentūros", "teisė", "statistika",
        "tėvams", "mokytojams", "jaunimas", "savanorystė", "policija",
    ],
    "en": [
        "work abroad", "labour exploitation", "recruitment", "online", "debt bondage",
        "forced marriage", "sexual exploitation", "care homes", "school",
        "help", "prevention", "migration", "recruitment agencies", "law", "statistics",
        "for parents", "for teachers", "youth", "volunteering", "police",
    ],
}

SIGNS = {
    "lt": [
        "Atlyginimas daug didesnis, nei įprastai mokama už tokį darbą.",
        "Rašytinės sutarties nėra arba ją žada duoti tik atvykus.",
        "Darbdavio pavadinimo, adreso ar svetainės negali patikrinti.",
        "Tave skubina: „liko dvi vietos“, „tėvams kol kas nesakyk“.",
        "Siūlo apmokėti kelionę, o skolą „atidirbsi“ vėliau.",
        "Prašo atsiųsti paso nuotrauką arba žada dokumentus „sutvarkyti“ už tave.",
        "Naujas draugas internete greitai prisipažįsta meilėje ir prašo paslapčių.",
        "Tau neleidžia laisvai naudotis telefonu ar pinigais.",
        "Gyvenamoji vieta perpildyta, o išeiti be palydos draudžiama.",
        "Grasina pranešti policijai arba šeimai, jei nepaklusi.",
    ],
    "en": [
        "The pay is far higher than such work usually pays.",
        "There is no written contract, or one is promised only on arrival.",
        "You cannot check the employer's name, address or website.",
        "You are rushed: “only two places left”, “don't tell your parents yet”.",
        "They offer to pay for the journey, and you will “work off” the debt later.",
        "They ask for a photo of your passport or promise to “sort out” your documents.",
        "A new online friend quickly declares love and asks you to keep secrets.",
        "You are not allowed to use your phone or money freely.",
        "The housing is overcrowded and you may not go out unaccompanied.",
        "They threaten to tell the police or your family if you do not obey.",
    ],
}

STEPS = {
    "lt": [
        "Nepasirašyk ir nemokėk nieko skubėdamas.",
        "Paprašyk sutarties kalba, kurią supranti.",
        "Patikrink darbdavį ir tarpininką.",
        "Pasitark su suaugusiuoju, kuriuo pasitiki, arba paskambink 8 800 91119.",
        "Palik artimiesiems darbdavio duomenis ir adresą.",
        "Jei gresia pavojus, skambink 112.",
        "Užfiksuok žinutes ir pokalbius, jų netrink.",
    ],
    "en": [
        "Do not sign or pay anything in a hurry.",
        "Ask for a contract in a language you understand.",
        "Check the employer and the go-between.",
        "Talk to an adult you trust or call 8 800 91119.",
        "Leave the employer's details and address with your family.",
        "If you are in danger, call 112.",
        "Keep the messages and chats; do not delete them.",
    ],
}

CHECKS = {
    "lt": [
        ("Draugo pažįstamas siūlo darbą ūkyje užsienyje, o sutartį žada duoti atvykus.", "risky",
         "Sutartis turi būti prieš išvykstant; be jos neįrodysi, dėl ko susitarėte."),
        ("Prieš išvykdamas gauni sutartį lietuviškai ir parodai ją tėvams.", "safe",
         "Aiški sutartis ir suaugusiojo patarimas labai sumažina riziką."),
        ("Atvykus darbdavys paprašo atiduoti pasą „saugoti seife“.", "risky",
         "Pasas priklauso tik tau; be jo negali nei išvažiuoti, nei kreiptis pagalbos."),
        ("Tau duoda savaitę apsvarstyti pasiūlymą.", "safe",
         "Laikas pagalvoti yra geras ženklas."),
        ("Naujas draugas prašo atsiųsti intymią nuotrauką „tik jam“.", "risky",
         "Tokios nuotraukos dažnai tampa šantažo priemone."),
    ],
    "en": [
        ("A friend's acquaintance offers farm work abroad and promises a contract on arrival.", "risky",
         "The contract must come before you leave; without it you cannot prove what was agreed."),
        ("Before leaving you get a contract in your language and show it to your parents.", "safe",
         "A clear contract and an adult's advice greatly reduce the risk."),
        ("On arrival the employer asks you to hand over your passport “for the safe”.", "risky",
         "Your passport belongs to you; without it you can neither leave nor ask for help."),
        ("You are given a week to think the offer over.", "safe",
         "Time to think is a good sign."),
        ("A new friend asks for an intimate photo “just for him”.", "risky",
         "Such photos often become a means of blackmail."),
    ],
}

TEACHER_QUESTIONS = {
    "lt": [
        "Kodėl žmonės sutinka su pasiūlymu, kuris atrodo per geras?",
        "Kokius tris klausimus užduotumėte darbdaviui prieš išvykdami?",
        "Ką darytumėte, jei pasiūlymą gautų jūsų draugas?",
        "Kaip atskirti rūpestį nuo kontrolės santykiuose?",
    ],
    "en": [
        "Why do people accept an offer that seems too good?",
        "Which three questions would you ask an employer before leaving?",
        "What would you do if a friend received the offer?",
        "How can you tell care from control in a relationship?",
    ],
}

PAGE_TITLES = {
    "lt": ["Apie kampaniją", "Pagalba", "Privatumo politika", "Partneriai", "Kontaktai",
           "Mokytojams", "Tėvams", "Prieinamumas", "Spaudai", "Savanoriams"],
    "en": ["About the campaign", "Help", "Privacy policy", "Partners", "Contacts",
           "For teachers", "For parents", "Accessibility", "For the press", "For volunteers"],
}

PART_WORD = {"lt": "dalis", "en": "part"}
EVENT_PREFIX = {"lt": "Renginys", "en": "Event"}
ONLINE_WORD = {"lt": "internetu", "en": "online"}
MORE_WORD = {"lt": "Plačiau", "en": "Read more"}
