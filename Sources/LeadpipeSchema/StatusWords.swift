/// The words CRMs and people use for a lead's status, mapped to leadpipe's five.
public enum StatusWords {
    /// The status `text` names (ignoring case, accents, punctuation and spacing), or nil.
    public static func status(for text: String) -> LeadStatus? {
        let key = HeaderTokens.tokens(of: text).joined(separator: " ")
        return table[key]
    }

    /// The status for a value's bytes, or nil (slow path: folds through String).
    public static func status(for bytes: ByteView) -> LeadStatus? { status(for: bytes.string) }

    static let table: [String: LeadStatus] = {
        var table: [String: LeadStatus] = [:]
        for (status, words) in synonyms {
            for word in words { table[HeaderTokens.tokens(of: word).joined(separator: " ")] = status }
        }
        return table
    }()

    /// Spellings per status: Salesforce, HubSpot, Pipedrive and common hand-made values, and
    /// German, French, Spanish, Portuguese, Italian, Polish and Dutch words.
    static let synonyms: [(LeadStatus, [String])] = [
        (.new, [
            "new", "open", "not contacted", "open - not contacted", "open not contacted", "uncontacted", "fresh",
            "untouched", "raw", "unassigned", "new lead", "lead", "to contact", "not started", "backlog", "inbox",
            "neu", "offen", "nicht kontaktiert", "nouveau", "non contacte", "nuevo", "abierto", "sin contactar",
            "novo", "aberto", "nao contactado", "nuovo", "aperto", "da contattare", "nowy", "otwarty", "nieuw",
            "open lead",
        ]),
        (.contacted, [
            "contacted", "working", "working - contacted", "working contacted", "attempted to contact", "attempted",
            "attempting contact", "in progress", "in contact", "connected", "engaged", "follow up", "follow-up",
            "followed up", "responded", "replied", "nurturing", "nurture", "meeting booked", "meeting scheduled",
            "call scheduled", "touched", "reached", "emailed", "called",
            "kontaktiert", "in bearbeitung", "kontakt aufgenommen", "contacte", "en cours", "en contact",
            "contactado", "en progreso", "en proceso", "contatado", "em andamento", "contattato",
            "in corso", "in lavorazione", "skontaktowany", "w trakcie", "w toku", "gecontacteerd", "in behandeling",
            "benaderd",
        ]),
        (.qualified, [
            "qualified", "sales qualified", "marketing qualified", "sales qualified lead", "marketing qualified lead",
            "mql", "sql", "hot", "warm", "interested", "opportunity", "open deal", "demo", "proposal",
            "proposal sent", "negotiation", "qualifiziert", "interessiert", "qualifie", "interesse",
            "calificado", "cualificado", "interesado", "qualificado", "interessado", "qualificato", "interessato",
            "zakwalifikowany", "zainteresowany", "gekwalificeerd", "geinteresseerd",
        ]),
        (.converted, [
            "converted", "won", "closed won", "closed - won", "closed/won", "deal won", "customer", "client",
            "signed", "sold", "purchased", "active customer",
            "konvertiert", "gewonnen", "kunde", "abgeschlossen", "converti", "gagne", "signe", "convertido",
            "ganado", "cerrado ganado", "cliente", "ganho", "fechado", "convertito", "vinto", "chiuso vinto",
            "skonwertowany", "wygrany", "klient", "geconverteerd", "klant",
        ]),
        (.lost, [
            "lost", "closed lost", "closed - lost", "closed/lost", "deal lost", "unqualified", "disqualified",
            "not qualified", "not interested", "no interest", "junk", "dead", "bad fit", "bad data", "bad timing",
            "do not contact", "dnc", "rejected", "spam", "invalid", "unresponsive", "no response",
            "verloren", "nicht qualifiziert", "kein interesse", "abgelehnt", "perdu", "non qualifie",
            "pas interesse", "perdido", "no calificado", "no interesado", "descartado", "perso", "non qualificato",
            "non interessato", "utracony", "stracony", "niezainteresowany", "odrzucony", "niet gekwalificeerd",
            "geen interesse",
        ]),
    ]
}
