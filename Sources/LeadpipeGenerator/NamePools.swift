/// Names, places and phone styles of one part of the world, for generated leads.
struct Culture {
    /// Display name and an ASCII form for e-mail addresses and LinkedIn slugs.
    var firstNames: [(String, String)]
    var lastNames: [(String, String)]
    var cities: [String]
    var country: String
    var phoneFormats: [String]  // `#` becomes a random digit
    var emailDomains: [String]
    var weight: Int
}

/// The cultures leads come from, weighted roughly like a European/US B2B list.
let cultures: [Culture] = [
    Culture(
        firstNames: [("John", "john"), ("Emily", "emily"), ("Michael", "michael"), ("Sarah", "sarah"),
                     ("David", "david"), ("Jessica", "jessica"), ("Chris", "chris"), ("Ashley", "ashley"),
                     ("Robert", "robert"), ("Megan", "megan"), ("D'Andre", "dandre"), ("Mary-Kate", "marykate")],
        lastNames: [("Smith", "smith"), ("Johnson", "johnson"), ("Williams", "williams"), ("Brown", "brown"),
                    ("O'Brien", "obrien"), ("Miller", "miller"), ("Davis", "davis"), ("Wilson", "wilson"),
                    ("Anderson", "anderson"), ("Taylor", "taylor"), ("McDonald", "mcdonald"), ("Lee", "lee")],
        cities: ["New York", "Austin", "San Francisco", "Chicago", "Boston", "Seattle", "Denver"],
        country: "United States",
        phoneFormats: ["+1 (###) ###-####", "###-###-####", "###.###.####", "(###) ### ####", "##########",
                       "+1 ### ### #### ext. ##", "1-###-###-####"],
        emailDomains: ["gmail.com", "outlook.com", "yahoo.com", "icloud.com"],
        weight: 30),
    Culture(
        firstNames: [("Oliver", "oliver"), ("Amelia", "amelia"), ("Harry", "harry"), ("Isla", "isla"),
                     ("Siobhán", "siobhan"), ("Eóin", "eoin")],
        lastNames: [("Jones", "jones"), ("Evans", "evans"), ("Thomas", "thomas"), ("Roberts", "roberts"),
                    ("Ní Bhriain", "nibhriain")],
        cities: ["London", "Manchester", "Dublin", "Edinburgh", "Bristol"],
        country: "United Kingdom",
        phoneFormats: ["+44 20 #### ####", "020 #### ####", "+44 (0)161 ### ####", "07### ######"],
        emailDomains: ["gmail.com", "btinternet.com", "hotmail.co.uk"],
        weight: 10),
    Culture(
        firstNames: [("José", "jose"), ("María", "maria"), ("Álvaro", "alvaro"), ("Lucía", "lucia"),
                     ("Iñigo", "inigo"), ("Begoña", "begona")],
        lastNames: [("García", "garcia"), ("Fernández", "fernandez"), ("Muñoz", "munoz"), ("Pérez", "perez"),
                    ("Núñez", "nunez"), ("de la Cruz", "delacruz")],
        cities: ["Madrid", "Barcelona", "Sevilla", "Bilbao", "Ciudad de México"],
        country: "Spain",
        phoneFormats: ["+34 ### ## ## ##", "+34 ### ### ###", "### ## ## ##", "0034 ### ######"],
        emailDomains: ["gmail.com", "hotmail.es", "telefonica.net"],
        weight: 8),
    Culture(
        firstNames: [("Jürgen", "juergen"), ("Zoë", "zoe"), ("Günther", "guenther"), ("Käthe", "kaethe"),
                     ("Lukas", "lukas"), ("Anja", "anja")],
        lastNames: [("Müller", "mueller"), ("Schröder", "schroeder"), ("Weiß", "weiss"), ("Strauß", "strauss"),
                    ("Bäcker", "baecker"), ("Schmidt", "schmidt")],
        cities: ["Berlin", "München", "Köln", "Düsseldorf", "Zürich", "Wien"],
        country: "Germany",
        phoneFormats: ["+49 30 ########", "030 #######", "0049 (0)30 ####-###", "+49 (0) 89 ### ###-##",
                       "0171 #######"],
        emailDomains: ["gmx.de", "web.de", "t-online.de", "gmail.com"],
        weight: 10),
    Culture(
        firstNames: [("Łukasz", "lukasz"), ("Zofia", "zofia"), ("Wojciech", "wojciech"), ("Małgorzata", "malgorzata"),
                     ("Paweł", "pawel")],
        lastNames: [("Wiśniewski", "wisniewski"), ("Kowalczyk", "kowalczyk"), ("Wójcik", "wojcik"),
                    ("Żółkiewska", "zolkiewska"), ("Nowak", "nowak")],
        cities: ["Warszawa", "Kraków", "Łódź", "Wrocław", "Gdańsk"],
        country: "Poland",
        phoneFormats: ["+48 ## ### ## ##", "+48 ### ### ###", "### ### ###"],
        emailDomains: ["wp.pl", "onet.pl", "gmail.com"],
        weight: 5),
    Culture(
        firstNames: [("Søren", "soren"), ("Åse", "ase"), ("Bjørn", "bjorn"), ("Mette", "mette")],
        lastNames: [("Ørsted", "orsted"), ("Bjørnstad", "bjornstad"), ("Kjærgaard", "kjaergaard"), ("Lund", "lund")],
        cities: ["København", "Aarhus", "Oslo", "Bergen"],
        country: "Denmark",
        phoneFormats: ["+45 ## ## ## ##", "+47 ### ## ###", "## ## ## ##"],
        emailDomains: ["gmail.com", "mail.dk"],
        weight: 3),
    Culture(
        firstNames: [("François", "francois"), ("Élodie", "elodie"), ("Amélie", "amelie"), ("Jérôme", "jerome"),
                     ("Noël", "noel")],
        lastNames: [("Lefèvre", "lefevre"), ("Dubois", "dubois"), ("Girard", "girard"), ("Bérenger", "berenger"),
                    ("Lefebvre-Chéreau", "lefebvrechereau")],
        cities: ["Paris", "Lyon", "Marseille", "Bordeaux", "Bruxelles", "Montréal"],
        country: "France",
        phoneFormats: ["+33 1 ## ## ## ##", "01 ## ## ## ##", "+33 (0)6 ## ## ## ##", "06.##.##.##.##"],
        emailDomains: ["orange.fr", "free.fr", "gmail.com"],
        weight: 6),
    Culture(
        firstNames: [("João", "joao"), ("Conceição", "conceicao"), ("Gonçalo", "goncalo"), ("Ana", "ana")],
        lastNames: [("Gonçalves", "goncalves"), ("Araújo", "araujo"), ("Simões", "simoes"), ("Magalhães", "magalhaes")],
        cities: ["Lisboa", "Porto", "São Paulo", "Rio de Janeiro"],
        country: "Portugal",
        phoneFormats: ["+351 ### ### ###", "+55 11 #####-####", "(11) ####-####"],
        emailDomains: ["sapo.pt", "gmail.com", "uol.com.br"],
        weight: 4),
    Culture(
        firstNames: [("Владимир", "vladimir"), ("Анна", "anna"), ("Дмитрий", "dmitry"), ("Ольга", "olga")],
        lastNames: [("Иванов", "ivanov"), ("Смирнова", "smirnova"), ("Кузнецов", "kuznetsov"), ("Попова", "popova")],
        cities: ["Москва", "Санкт-Петербург", "Київ", "Алматы"],
        country: "Russia",
        phoneFormats: ["+7 495 ###-##-##", "8 (812) ###-##-##", "+7 9## ### ## ##"],
        emailDomains: ["yandex.ru", "mail.ru", "gmail.com"],
        weight: 4),
    Culture(
        firstNames: [("太郎", "taro"), ("花子", "hanako"), ("健", "ken"), ("由美", "yumi")],
        lastNames: [("山田", "yamada"), ("佐藤", "sato"), ("鈴木", "suzuki"), ("高橋", "takahashi")],
        cities: ["東京", "大阪", "横浜", "名古屋"],
        country: "Japan",
        phoneFormats: ["+81 3-####-####", "03-####-####", "090-####-####"],
        emailDomains: ["gmail.com", "yahoo.co.jp", "docomo.ne.jp"],
        weight: 3),
    Culture(
        firstNames: [("伟", "wei"), ("芳", "fang"), ("민준", "minjun"), ("서연", "seoyeon")],
        lastNames: [("王", "wang"), ("李", "li"), ("김", "kim"), ("박", "park")],
        cities: ["北京", "上海", "서울", "부산", "深圳"],
        country: "China",
        phoneFormats: ["+86 10 #### ####", "+86 1## #### ####", "+82 2-###-####", "010-####-####"],
        emailDomains: ["qq.com", "163.com", "naver.com", "gmail.com"],
        weight: 3),
    Culture(
        firstNames: [("Γιώργος", "giorgos"), ("Ελένη", "eleni"), ("محمد", "mohammed"), ("فاطمة", "fatima"),
                     ("Gökhan", "gokhan"), ("Ayşe", "ayse"), ("Nguyễn Văn", "van"), ("Trần Thị", "thi")],
        lastNames: [("Παπαδόπουλος", "papadopoulos"), ("العلي", "alali"), ("Yılmaz", "yilmaz"), ("Öztürk", "ozturk"),
                    ("An", "an"), ("Hương", "huong")],
        cities: ["Αθήνα", "دبي", "İstanbul", "Hà Nội", "Thessaloniki"],
        country: "Greece",
        phoneFormats: ["+30 21 #### ####", "+971 4 ### ####", "+90 212 ### ## ##", "+84 24 #### ####"],
        emailDomains: ["gmail.com", "hotmail.com", "yandex.com.tr"],
        weight: 4),
    Culture(
        firstNames: [("Priya", "priya"), ("Rahul", "rahul"), ("अमित", "amit"), ("Ananya", "ananya")],
        lastNames: [("Sharma", "sharma"), ("Patel", "patel"), ("शर्मा", "sharma"), ("Iyer", "iyer")],
        cities: ["Bengaluru", "Mumbai", "नई दिल्ली", "Pune"],
        country: "India",
        phoneFormats: ["+91 98### #####", "+91-80-####-####", "098########"],
        emailDomains: ["gmail.com", "rediffmail.com", "yahoo.co.in"],
        weight: 4),
]

let companies: [String] = [
    "Acme, Inc.", "Globex Corporation", "Initech", "Umbrella Corp", "Müller & Söhne GmbH", "Soylent Co.",
    "Smith, Jones & Partners LLP", "O'Brien Consulting", "The \"Best\" Widgets Co.", "株式会社山田製作所",
    "Société Générale de Logiciels", "Łódzka Fabryka Mebli Sp. z o.o.", "Ørsted Energi A/S", "Стройинвест",
    "Hooli", "Vandelay Industries", "Pied Piper", "Stark Industries", "Wayne Enterprises", "Tyrell Corp.",
    "Cyberdyne Systems", "Massive Dynamic", "Wonka Industries", "Gringotts", "Blue Sun Corp", "Nakatomi Trading",
    "", "n/a", "Self-employed", "Freelance", "Zoë's Café", "Björk & Co", "Ünal Tekstil A.Ş.", "Dunder Mifflin",
]

let jobTitles: [String] = [
    "CEO", "CTO", "VP of Sales", "Head of Marketing", "Sales Manager", "Account Executive", "Founder",
    "Einkaufsleiter", "Directeur commercial", "Director de Ventas", "Procurement Lead", "Office Manager",
    "Marketing Coordinator", "Software Engineer", "", "Owner", "Managing Director", "Head of Growth, EMEA",
    "Chief Revenue Officer", "Business Development Rep",
]

let statuses: [String] = [
    "New", "new", "NEW", "Contacted", "contacted", "Qualified", "QUALIFIED", "Converted", "Lost", "lost",
    "In progress", "Nurture", "Won", "", "", "Open - Not Contacted", "Working - Contacted", "Closed Won",
]

let sources: [String] = [
    "LinkedIn", "linkedin", "Website", "Referral", "Trade Show", "Cold Call", "Webinar", "Google Ads",
    "Partner", "Event: SaaStr 2024", "Facebook", "", "Import", "Sales Navigator",
]

let tagLists: [String] = [
    "", "", "", "vip", "vip;enterprise", "smb, q3", "hot|follow-up", "newsletter", "enterprise; emea; q4",
    "VIP, Enterprise", "warm", "demo-requested", "lost-deal|re-engage", "partner, reseller, dach",
]

let noteTexts: [String] = [
    "Met at \"SaaStr\", wants a demo", "Call back\nafter Q3", "Prefers email; not phone",
    "Budget: $10k, decision in March", "Great call 👍", "Interested in the \"Pro\" plan, 50 seats",
    "Left voicemail", "Asked for pricing, then ghosted", "Referred by Anna (Globex)",
    "Follow up next week.\nCC: procurement", "Hat Interesse an Schulung, bitte zurückrufen",
    "Très intéressé, rappeler lundi", "Spoke with assistant, \"not now\"", "No budget this year",
    "=HYPERLINK(\"http://example.com\",\"click\")", "Needs SSO, SOC 2 report", "Wrong number?",
    "Downloaded whitepaper: \"State of Sales 2024\"", "Timezone: CET, mornings only",
]
