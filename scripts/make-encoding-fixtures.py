#!/usr/bin/env python3
"""Writes fixtures/encodings/: small lead tables saved in many encodings, with the UTF-8 text
each must decode to. Python's codecs do the encoding, independently of leadpipe.

    python3 scripts/make-encoding-fixtures.py

Files: <table>.expected.csv (UTF-8, the truth) and <table>.<encoding>.csv (the bytes to read).
"""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "encodings"
HEADER = "first_name,last_name,email,company,city,notes\n"

MANY_SCRIPTS = HEADER + "".join([
    "José,García,jose.garcia@example.es,\"Acme, Inc.\",Madrid,Prefers email\n",
    "Zoë,Müller,zoe.mueller@example.de,Müller & Söhne GmbH,Köln,Café meeting\n",
    "Łukasz,Wiśniewski,lukasz@example.pl,Łódzka Fabryka,Łódź,Żółw\n",
    "Søren,Ørsted,soren@orsted.dk,Ørsted A/S,København,Hygge\n",
    "Владимир,Иванов,v.ivanov@example.ru,Стройинвест,Москва,Говорит по-английски\n",
    "太郎,山田,taro.yamada@example.jp,株式会社山田,東京,メール希望\n",
    "Maria,Silva,maria@example.pt,Conceição Lda,São Paulo,Great call 👍\n",
    "Gökhan,Yılmaz,gokhan@example.com.tr,Ünal Tekstil,İstanbul,Teşekkürler\n",
])

WESTERN = HEADER + "".join([
    "José,García,jose.garcia@example.es,\"Acme, Inc.\",Madrid,Prefers email\n",
    "Zoë,Müller,zoe.mueller@example.de,Müller & Söhne GmbH,Köln,Café meeting at 10\n",
    "Søren,Ørsted,soren@orsted.dk,Ørsted A/S,København,Hygge\n",
    "François,Lefèvre,francois@example.fr,Société Générale,Besançon,Très intéressé\n",
    "Begoña,Núñez,begona@example.es,Compañía Ibérica,Logroño,Llamar mañana\n",
    "Jürgen,Weiß,juergen@example.de,Bäckerei Weiß,München,Rückruf erwünscht\n",
    "João,Gonçalves,joao@example.pt,Conceição Lda,São Paulo,Ótimo\n",
    "Åse,Bjørnstad,ase@example.no,Fjordlaks AS,Tromsø,Høy prioritet\n",
])

WESTERN_1252 = WESTERN + "".join([
    "Chloé,Dubois,chloe@example.fr,Œuvre & Co,Nîmes,“Pro” plan – budget € 1.200\n",
    "Ana,Šimon,ana@example.com,Baltic Ltd,Zürich,it’s urgent…\n",
])

WESTERN_15 = WESTERN + "Chloé,Dubois,chloe@example.fr,Œuvre & Co,Nîmes,budget 1.200 € for Šimon\n"

CENTRAL = HEADER + "".join([
    "Łukasz,Wiśniewski,lukasz@example.pl,Łódzka Fabryka Mebli,Łódź,Proszę zadzwonić\n",
    "Małgorzata,Żółkiewska,malgorzata@example.pl,Gdańskie Stocznie,Gdańsk,Ważny klient\n",
    "Antonín,Dvořák,antonin@example.cz,Škoda Strojírny,Plzeň,Zavolat zítra\n",
    "Pál,Erdős,pal@example.hu,Győri Keksz,Győr,Köszönöm szépen\n",
    "Zoë,Kováčová,zoe@example.sk,Slovenské Tlačiarne,Košice,Ďakujem\n",
    "Paweł,Wójcik,pawel@example.pl,Szczecińska Spółka,Kraków,Źle napisane\n",
])

CYRILLIC = HEADER + "".join([
    "Владимир,Иванов,v.ivanov@example.ru,Стройинвест,Москва,Говорит по-английски\n",
    "Ольга,Смирнова,olga@example.ru,Газпром нефть,Санкт-Петербург,Перезвонить завтра\n",
    "Дмитрий,Кузнецов,dmitry@example.ru,\"Ромашка, ООО\",Новосибирск,Важный клиент\n",
    "Анна,Попова,anna@example.ua,Київстар,Київ,Дякую\n",
    "Сергей,Васильев,sergey@example.ru,Северсталь,Череповец,Нужна презентация\n",
])


def mojibake(text, layers):
    """UTF-8 bytes read as Windows-1252 (undefined bytes as Latin-1 does) and saved as UTF-8."""
    for _ in range(layers):
        raw = text.encode("utf-8")
        text = "".join(
            bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b) for b in raw)
    return text


def write(table, name, encoding, text):
    data = text.encode(encoding) if isinstance(text, str) else text
    (ROOT / f"{table}.{name}.csv").write_bytes(data)


ROOT.mkdir(parents=True, exist_ok=True)
for old in ROOT.glob("*.csv"):
    old.unlink()
tables = {
    "many-scripts": MANY_SCRIPTS, "western": WESTERN, "western-1252": WESTERN_1252,
    "western-15": WESTERN_15, "central": CENTRAL, "cyrillic": CYRILLIC,
}
for table, text in tables.items():
    (ROOT / f"{table}.expected.csv").write_text(text, encoding="utf-8")

t = MANY_SCRIPTS
write("many-scripts", "utf-8", "utf-8", t)
write("many-scripts", "utf-8-bom", "utf-8-sig", t)
write("many-scripts", "utf-16le", "utf-16-le", t)
write("many-scripts", "utf-16be", "utf-16-be", t)
write("many-scripts", "utf-16le-bom", "utf-16-le", "\ufeff" + t)
write("many-scripts", "utf-16be-bom", "utf-16-be", "\ufeff" + t)
write("many-scripts", "utf-32le-bom", "utf-32-le", "\ufeff" + t)
write("many-scripts", "mojibake", "utf-8", mojibake(t, 1))
write("many-scripts", "mojibake-2", "utf-8", mojibake(t, 2))
write("western", "windows-1252", "cp1252", WESTERN)
write("western", "iso-8859-1", "latin-1", WESTERN)
write("western", "mac-roman", "mac_roman", WESTERN)
write("western-1252", "windows-1252", "cp1252", WESTERN_1252)
write("western-15", "iso-8859-15", "iso8859_15", WESTERN_15)
write("central", "windows-1250", "cp1250", CENTRAL)
write("central", "iso-8859-2", "iso8859_2", CENTRAL)
write("cyrillic", "windows-1251", "cp1251", CYRILLIC)
write("cyrillic", "utf-8", "utf-8", CYRILLIC)
# Two exports concatenated: UTF-8 rows, then Windows-1252 rows (header only once).
mixed = MANY_SCRIPTS.encode("utf-8") + WESTERN_1252.split("\n", 1)[1].encode("cp1252")
(ROOT / "mixed.expected.csv").write_text(MANY_SCRIPTS + WESTERN_1252.split("\n", 1)[1], encoding="utf-8")
write("mixed", "utf-8+windows-1252", None, mixed)
print("wrote", len(list(ROOT.glob("*.csv"))), "files to", ROOT)
