// Header spellings for the built-in fields, gathered from the exports people bring: HubSpot,
// Salesforce, Pipedrive, LinkedIn Sales Navigator, Apollo, Excel/Outlook and Google contacts,
// Mailchimp; and the words German, French, Spanish, Portuguese, Italian, Polish and Dutch
// forms use. Spellings are compared as words (see `HeaderTokens`): case, accents, punctuation,
// camelCase and `_ - .` do not matter, so `E-Mail-Adresse`, `email_address` and `EmailAddress`
// are one entry each.

/// What header words say about a column.
public enum Synonyms {
    /// Spellings per built-in field. A header equal to one of them maps with high confidence; a
    /// header that contains one as whole words, the other words being noise ("Person - Email -
    /// Work"), maps with less.
    public static let fields: [String: [String]] = [
        "first_name": [
            "first name", "firstname", "fname", "first", "given name", "givenname", "forename", "christian name",
            "vorname", "prenom", "primer nombre", "nome proprio", "primeiro nome", "imie", "voornaam", "nombre de pila",
        ],
        "last_name": [
            "last name", "lastname", "lname", "surname", "family name", "familyname", "second name",
            "nachname", "familienname", "nom de famille", "nom", "apellido", "apellidos", "sobrenome", "apelido",
            "ultimo nome", "cognome", "nazwisko", "achternaam",
        ],
        "full_name": [
            "full name", "fullname", "name", "contact name", "contact", "person name", "display name",
            "lead name", "customer name", "client name", "prospect name", "contact full name", "your name",
            "name full", "vollstandiger name", "nom complet", "nombre completo", "nombre", "nome completo", "nome",
            "imie i nazwisko", "volledige naam", "naam",
        ],
        "email": [
            "email", "email address", "emailaddress", "mail", "e mail address", "email addr", "mail address",
            "work email", "business email", "personal email", "primary email", "contact email", "email 1",
            "email work", "emails", "email id", "courriel", "adresse email", "adresse mail", "adresse electronique",
            "correo", "correo electronico", "direccion de correo", "endereco de email", "endereco de e mail",
            "posta elettronica", "indirizzo email", "adres email", "email adres", "emailadres", "mailadres",
            "emailadresse", "email adresse", "mailadresse",
        ],
        "phone": [
            "phone", "phone number", "phonenumber", "telephone", "telephone number", "tel", "tel no", "phone no",
            "mobile", "mobile phone", "mobile number", "cell", "cell phone", "cellphone", "work phone",
            "business phone", "direct phone", "direct dial", "office phone", "primary phone", "first phone",
            "contact phone", "phone 1", "phone work", "work direct phone", "corporate phone", "mobile phone number",
            "telefon", "telefonnummer", "handy", "handynummer", "mobilnummer", "numero de telephone", "portable",
            "telefono", "numero de telefono", "movil", "celular", "telefone", "numero de telefone", "cellulare",
            "numero di telefono", "numer telefonu", "telefon komorkowy", "telefoon", "telefoonnummer", "mobiel",
        ],
        "company": [
            "company", "company name", "companyname", "organization", "organisation", "organization name",
            "organisation name", "org", "account", "account name", "employer", "business", "business name",
            "current company", "company name for emails", "firm", "organization 1 name",
            "firma", "unternehmen", "firmenname", "societe", "entreprise", "nom de l entreprise", "empresa",
            "nombre de la empresa", "compania", "azienda", "societa", "nome azienda", "organizacja", "nazwa firmy",
            "bedrijf", "bedrijfsnaam", "organisatie",
        ],
        "job_title": [
            "job title", "jobtitle", "title", "position", "role", "job", "job role", "job position", "current title",
            "current position", "designation", "occupation", "function", "job function", "organization 1 title",
            "position title",
            "berufsbezeichnung", "titel", "funktion", "beruf", "poste", "fonction", "intitule du poste", "cargo",
            "puesto", "titulo del puesto", "ruolo", "posizione", "qualifica", "stanowisko", "functie", "functietitel",
        ],
        "website": [
            "website", "web site", "website url", "url", "homepage", "home page", "webpage", "web page", "web",
            "site", "domain", "company website", "company domain", "company url", "www", "web address",
            "webseite", "internetseite", "site web", "site internet", "sitio web", "pagina web", "sito web", "sito",
            "strona www", "strona internetowa", "strona",
        ],
        "linkedin_url": [
            "linkedin url", "linkedin", "linkedin profile", "linkedin profile url", "profile url", "linkedin link",
            "person linkedin url", "linkedin public url", "public profile url", "li profile", "li url",
            "linkedin profil", "profil linkedin", "perfil de linkedin", "perfil linkedin", "profilo linkedin",
        ],
        "city": [
            "city", "town", "mailing city", "billing city", "locality", "city town", "location city",
            "stadt", "ort", "wohnort", "ville", "ciudad", "localidad", "cidade", "citta", "comune", "miasto",
            "miejscowosc", "plaats", "woonplaats", "stad",
        ],
        "country": [
            "country", "country region", "country name", "mailing country", "billing country", "nation",
            "country code", "land", "pays", "pais", "paese", "nazione", "kraj", "panstwo",
        ],
        "status": [
            "status", "lead status", "leadstatus", "contact status", "prospect status", "sales status",
            "statut", "statut du prospect", "estado", "estado del lead", "stato", "stan", "lead stage",
        ],
        "source": [
            "source", "lead source", "leadsource", "original source", "source of lead", "channel", "lead channel",
            "origin", "acquisition channel", "utm source",
            "quelle", "herkunft", "leadquelle", "origine", "source du prospect", "origen", "fuente", "origem",
            "fonte", "zrodlo", "bron", "herkomst",
        ],
        "lead_score": [
            "lead score", "leadscore", "score", "rating score", "hubspot score", "contact score", "lead rating",
            "punktzahl", "bewertung", "puntuacion", "pontuacao", "punteggio", "punkty", "lead scoring",
        ],
        "deal_value": [
            "deal value", "dealvalue", "deal amount", "amount", "value", "opportunity amount", "opportunity value",
            "expected revenue", "deal size", "potential value", "deal value eur", "deal value usd",
            "wert", "betrag", "auftragswert", "montant", "valeur", "importe", "valor", "valore", "importo",
            "wartosc", "kwota", "waarde", "bedrag",
        ],
        "tags": [
            "tags", "tag", "labels", "label", "categories", "category", "keywords", "group membership", "groups",
            "schlagworter", "stichworter", "etiquettes", "etiquetas", "etichette", "tagi", "etykiety",
        ],
        "notes": [
            "notes", "note", "comments", "comment", "description", "remarks", "remark", "memo", "details",
            "notizen", "notiz", "bemerkung", "bemerkungen", "kommentar", "anmerkungen", "remarques",
            "commentaire", "commentaires", "notas", "comentarios", "observaciones", "observacoes", "note interne",
            "commenti", "uwagi", "notatki", "opmerkingen", "notities", "opmerking",
        ],
        "list": [
            "list", "list name", "lists", "mailing list", "segment", "audience", "campaign list", "liste", "lista",
            "lijst",
        ],
        "flow_id": ["flow id", "flowid", "flow", "workflow id", "sequence id", "cadence id"],
        "source_id": ["source id", "sourceid", "external id", "origin id", "source record id"],
    ]

    /// Words that carry no meaning of their own next to a field's words: "Person - Email -
    /// Work", "Primary Phone", "Lead Status", "Organization - Name".
    public static let noise: Set<String> = [
        "the", "a", "an", "of", "for", "your", "my", "de", "du", "des", "la", "le", "el", "del", "da", "do", "di",
        "het", "van", "der", "die", "das", "i", "y", "e", "et", "und", "and",
        "primary", "main", "work", "business", "personal", "private", "home", "office", "corporate", "direct",
        "contact", "lead", "person", "customer", "client", "prospect", "current", "official", "default", "other",
        "value", "number", "no", "nr", "num", "name", "full", "1", "2", "3", "first", "second", "best",
        "mailing", "billing", "hq", "public", "profile", "page", "link", "original", "latest", "actual", "field",
        "info", "information", "details", "data", "text", "entry", "col", "column", "standard", "main",
    ]

    /// Words that say a column is about something else: a header that has one of them beside a
    /// field's words does not map to that field ("Email Opt Out", "Company Size", "Company
    /// LinkedIn URL", "Contact Owner").
    public static let headWords: [String: String] = {
        var words: [String: String] = [:]
        let owned: [String: [String]] = [
            "email": ["email", "emails", "mail", "courriel", "correo"],
            "phone": [
                "phone", "phones", "telephone", "tel", "mobile", "cell", "cellphone", "fax", "telefon", "telefono",
                "telefone", "telefoon", "handy", "whatsapp", "movil", "celular",
            ],
            "company": [
                "company", "organization", "organisation", "org", "account", "employer", "firma", "unternehmen",
                "societe", "entreprise", "empresa", "azienda", "societa", "bedrijf", "organizacja", "firm",
            ],
            "city": ["city", "town", "ort", "stadt", "ville", "ciudad", "cidade", "citta", "miasto", "plaats", "locality"],
            "country": ["country", "pays", "pais", "paese", "nazione", "kraj", "nation"],
            "website": ["website", "homepage", "domain", "url", "site", "web", "www", "webpage", "webseite"],
            "linkedin_url": ["linkedin"],
            "status": ["status", "statut", "estado", "stato", "stage"],
            "source": ["source", "quelle", "origen", "fonte", "origine", "bron", "zrodlo", "origem", "channel"],
            "lead_score": ["score", "rating"],
            "deal_value": ["amount", "revenue", "deal"],
            "tags": ["tags", "tag", "labels", "label", "categories", "keywords"],
            "notes": ["notes", "note", "comments", "comment", "description", "remarks", "memo"],
            "job_title": ["title", "position", "role", "job", "occupation", "designation", "seniority", "department"],
            "first_name": ["firstname", "forename", "vorname", "prenom", "imie", "voornaam", "given"],
            "last_name": ["lastname", "surname", "nachname", "apellido", "apellidos", "cognome", "nazwisko", "achternaam"],
            "list": ["list", "lists", "segment", "audience"],
            "": [
                "address", "street", "zip", "zipcode", "postal", "postcode", "plz", "state", "province", "region",
                "county", "twitter", "facebook", "instagram", "xing", "github", "youtube", "skype", "birthday",
                "birthdate", "gender", "salutation", "age", "industry", "employees", "employee", "size", "owner",
                "id", "date", "created", "updated", "modified", "time", "timestamp", "consent", "opt", "optin",
                "optout", "out", "unsubscribe", "unsubscribed", "subscribed", "subscription", "bounce", "bounced",
                "verified", "verification", "valid", "validity", "type", "format", "language", "timezone",
                "currency", "latitude", "longitude", "lat", "lng", "ip", "photo", "image", "avatar", "picture",
                "password", "sent", "opens", "clicks", "count", "confidence", "euid", "leid", "member", "optin",
                "last", "next", "activity", "contacted", "sequence", "step", "campaign", "stage", "lifecycle",
                "suffix", "prefix", "middle", "nickname", "initials", "yomi", "phonetic", "assistant", "manager",
                "parent", "personal", "spouse", "child", "children", "anniversary", "mailing", "group",
            ],
        ]
        for (field, list) in owned {
            for word in list where words[word] == nil { words[word] = field }
        }
        return words
    }()
}
