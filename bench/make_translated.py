#!/usr/bin/env python3
"""Deterministic generator of translated help centers for benchmarks (issue 22).

    python3 bench/make_translated.py N OUT [--languages es,fr,de,pt]
                                     [--fraction 0.5] [--seed 1] [--outdated 10]

writes a whole help center into OUT (emptied first):

  OUT/book.toml    [book] language = "en", [build] broken-links = "warn" and
                   one [language.<code>] table per language, in the order given
  OUT/content/     the N originals from ../shared/bench/make_synthetic.py
                   (called with the same --seed; its README.txt removed), plus
                   for each language:
    <cat>/<slug>.<code>.md   a seeded choice of round(N * fraction) articles,
                             chosen independently per language (seed, code)
    <cat>/_index.<code>.md   for each folder holding one of them: its title
    _index.<code>.md         the language's home page

The "translation" is a deterministic word substitution, so that each
language's pages and search index hold different words from the original's
and from each other (a copy would index the same text five times, which is
not what a translated help center costs: other words, other stems, other stop
words): about 80 frequent words of the synthetic generator's vocabulary
(`settings`, `account`, `the`, `and`...) are replaced by their es/fr/de/pt
equivalents (a code without a glossary gets the English word with the code
appended, `settings` -> `settingsxx`), in the title, the description and the
prose. Headings, code (fenced and inline) and link destinations are left as
they are, so every link and `#anchor` still resolves in every language and the
build's warnings are the same kind as the originals'. Sizes stay within a few
per cent of the originals'.

Outdated translations: helpbook calls a translation out of date when both it
and its original have `updated` and the original's is newer (README,
"Languages"; the page then says so and links the original). For --outdated K
translated articles per language (seeded), the original gets
`updated = 2026-06-01` and the translation `updated = 2026-03-01`; the
other translations of those originals get `updated = 2026-06-01` (up to date).
So K * languages notices at most (fewer when languages pick the same
article, which is then outdated in each).

Same arguments -> byte-identical files (own PRNGs seeded from --seed and the
language's position; sorted walks; no time, locale or hash dependence).
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SYNTH = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "bench", "make_synthetic.py"))

# English -> (es, fr, de, pt). Words of make_synthetic.py's WORDS/NOUNS/VERBS.
GLOSSARY = {
    "the": ("el", "le", "die", "o"),
    "a": ("un", "un", "ein", "um"),
    "an": ("un", "un", "ein", "um"),
    "and": ("y", "et", "und", "e"),
    "or": ("o", "ou", "oder", "ou"),
    "but": ("pero", "mais", "aber", "mas"),
    "to": ("para", "pour", "zu", "para"),
    "of": ("de", "de", "von", "de"),
    "in": ("en", "dans", "in", "em"),
    "on": ("sobre", "sur", "auf", "sobre"),
    "for": ("por", "pour", "für", "por"),
    "with": ("con", "avec", "mit", "com"),
    "from": ("desde", "depuis", "aus", "desde"),
    "you": ("usted", "vous", "Sie", "você"),
    "your": ("su", "votre", "Ihr", "seu"),
    "we": ("nosotros", "nous", "wir", "nós"),
    "is": ("es", "est", "ist", "é"),
    "are": ("son", "sont", "sind", "são"),
    "can": ("puede", "peut", "kann", "pode"),
    "select": ("seleccione", "sélectionnez", "wählen", "selecione"),
    "open": ("abra", "ouvrez", "öffnen", "abra"),
    "choose": ("elija", "choisissez", "auswählen", "escolha"),
    "page": ("página", "page", "Seite", "página"),
    "menu": ("menú", "menu", "Menü", "menu"),
    "option": ("opción", "option", "Option", "opção"),
    "setting": ("ajuste", "paramètre", "Einstellung", "configuração"),
    "settings": ("configuración", "paramètres", "Einstellungen", "configurações"),
    "window": ("ventana", "fenêtre", "Fenster", "janela"),
    "button": ("botón", "bouton", "Schaltfläche", "botão"),
    "field": ("campo", "champ", "Feld", "campo"),
    "list": ("lista", "liste", "Liste", "lista"),
    "table": ("tabla", "tableau", "Tabelle", "tabela"),
    "error": ("error", "erreur", "Fehler", "erro"),
    "message": ("mensaje", "message", "Nachricht", "mensagem"),
    "search": ("búsqueda", "recherche", "Suche", "pesquisa"),
    "user": ("usuario", "utilisateur", "Benutzer", "usuário"),
    "users": ("usuarios", "utilisateurs", "Benutzer", "usuários"),
    "account": ("cuenta", "compte", "Konto", "conta"),
    "accounts": ("cuentas", "comptes", "Konten", "contas"),
    "password": ("contraseña", "mot de passe", "Passwort", "senha"),
    "file": ("archivo", "fichier", "Datei", "arquivo"),
    "files": ("archivos", "fichiers", "Dateien", "arquivos"),
    "folder": ("carpeta", "dossier", "Ordner", "pasta"),
    "folders": ("carpetas", "dossiers", "Ordner", "pastas"),
    "document": ("documento", "document", "Dokument", "documento"),
    "documents": ("documentos", "documents", "Dokumente", "documentos"),
    "data": ("datos", "données", "Daten", "dados"),
    "time": ("hora", "heure", "Zeit", "hora"),
    "date": ("fecha", "date", "Datum", "data"),
    "report": ("informe", "rapport", "Bericht", "relatório"),
    "reports": ("informes", "rapports", "Berichte", "relatórios"),
    "payment": ("pago", "paiement", "Zahlung", "pagamento"),
    "payments": ("pagos", "paiements", "Zahlungen", "pagamentos"),
    "invoice": ("factura", "facture", "Rechnung", "fatura"),
    "invoices": ("facturas", "factures", "Rechnungen", "faturas"),
    "order": ("pedido", "commande", "Bestellung", "pedido"),
    "orders": ("pedidos", "commandes", "Bestellungen", "pedidos"),
    "customer": ("cliente", "client", "Kunde", "cliente"),
    "customers": ("clientes", "clients", "Kunden", "clientes"),
    "permission": ("permiso", "autorisation", "Berechtigung", "permissão"),
    "permissions": ("permisos", "autorisations", "Berechtigungen", "permissões"),
    "update": ("actualización", "mise à jour", "Aktualisierung", "atualização"),
    "change": ("cambio", "modification", "Änderung", "alteração"),
    "changes": ("cambios", "modifications", "Änderungen", "alterações"),
    "new": ("nuevo", "nouveau", "neu", "novo"),
    "default": ("predeterminado", "par défaut", "Standard", "padrão"),
    "email": ("correo", "courriel", "E-Mail", "e-mail"),
    "meeting": ("reunión", "réunion", "Besprechung", "reunião"),
    "calendar": ("calendario", "calendrier", "Kalender", "calendário"),
    "how": ("cómo", "comment", "wie", "como"),
    "about": ("acerca de", "à propos de", "über", "sobre"),
    "create": ("crear", "créer", "erstellen", "criar"),
    "delete": ("eliminar", "supprimer", "löschen", "excluir"),
    "share": ("compartir", "partager", "teilen", "compartilhar"),
    "reset": ("restablecer", "réinitialiser", "zurücksetzen", "redefinir"),
    "when": ("cuando", "quand", "wenn", "quando"),
    "if": ("si", "si", "falls", "se"),
    "then": ("luego", "puis", "dann", "então"),
    "also": ("también", "aussi", "auch", "também"),
    "only": ("solo", "seulement", "nur", "apenas"),
    "all": ("todos", "tous", "alle", "todos"),
    "each": ("cada", "chaque", "jeder", "cada"),
    "after": ("después", "après", "nach", "depois"),
    "before": ("antes", "avant", "vor", "antes"),
}
COLUMN = {"es": 0, "fr": 1, "de": 2, "pt": 3}
NAMES = {"es": "Centro de ayuda", "fr": "Centre d'aide", "de": "Hilfe-Center", "pt": "Central de ajuda"}
WORD = re.compile(r"[A-Za-z]+")
# Left alone: fenced code, inline code, link destinations, HTML/autolinks.
PROTECTED = re.compile(r"```.*?```|`[^`\n]*`|\]\([^)\n]*\)|<[^>\n]*>", re.S)


def translator(code):
    col = COLUMN.get(code)

    def word(m):
        w = m.group(0)
        key = w.lower()
        if key not in GLOSSARY:
            return w
        out = GLOSSARY[key][col] if col is not None else key + code.replace("-", "").lower()
        return out[0].upper() + out[1:] if w[0].isupper() else out

    def prose(text):
        return WORD.sub(word, text)

    def body(text):
        lines = []
        # Headings keep their words (their anchors are link targets).
        for chunk in re.split(r"(^#{1,6} [^\n]*$)", text, flags=re.M):
            if chunk.startswith("#"):
                lines.append(chunk)
                continue
            out, last = [], 0
            for m in PROTECTED.finditer(chunk):
                out.append(prose(chunk[last:m.start()]))
                out.append(m.group(0))
                last = m.end()
            out.append(prose(chunk[last:]))
            lines.append("".join(out))
        return "".join(lines)

    return prose, body


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def split(text):
    m = re.match(r"\+\+\+\n(.*?)\n\+\+\+\n", text, re.S)
    return m.group(1), text[m.end():]


def with_updated(matter, date):
    return matter + "\nupdated = " + date


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--languages", default="es,fr,de,pt")
    ap.add_argument("--fraction", type=float, default=0.5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--outdated", type=int, default=10, help="outdated translations per language (default 10)")
    args = ap.parse_args()
    langs = [c.strip() for c in args.languages.split(",") if c.strip()]
    if "en" in langs or len(set(langs)) != len(langs):
        sys.exit("--languages: distinct codes, not en (the originals' language)")

    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    content = os.path.join(args.out, "content")
    subprocess.run([sys.executable, SYNTH, str(args.n), content, "--seed", str(args.seed)],
                   check=True, stdout=subprocess.DEVNULL)
    os.remove(os.path.join(content, "README.txt"))

    book = ['[book]', 'title = "Bench translated %d"' % args.n, 'language = "en"', '',
            '[build]', 'broken-links = "warn"']
    for code in langs:
        book += ['', '[language.%s]' % code,
                 'title = %s' % toml_str("%s %d (%s)" % (NAMES.get(code, "Help center"), args.n, code))]
    write(os.path.join(args.out, "book.toml"), "\n".join(book) + "\n")

    originals = []
    for dirpath, dirs, files in os.walk(content):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".md") and not name.startswith("_"):
                originals.append(os.path.relpath(os.path.join(dirpath, name), content))
    originals.sort()
    count = round(len(originals) * args.fraction)

    chosen, outdated = {}, {}
    for i, code in enumerate(langs):
        rng = random.Random(args.seed * 1000 + i)
        picked = sorted(rng.sample(originals, count))
        chosen[code] = picked
        outdated[code] = set(rng.sample(picked, min(args.outdated, len(picked))))
    stale_originals = set().union(*outdated.values()) if outdated else set()

    # Originals of an outdated translation carry the newer date.
    for rel in sorted(stale_originals):
        path = os.path.join(content, rel)
        matter, body = split(read(path))
        write(path, "+++\n%s\n+++\n%s" % (with_updated(matter, "2026-06-01"), body))

    files = 0
    for code in langs:
        prose, body_of = translator(code)
        folders = set()
        for rel in chosen[code]:
            matter, body = split(read(os.path.join(content, rel)))
            fields = dict(re.findall(r'^(title|description) = ("(?:[^"\\]|\\.)*")$', matter, re.M))
            lines = []
            for key in ("title", "description"):
                if key in fields:
                    lines.append("%s = %s" % (key, prose(fields[key])))
            if rel in stale_originals:
                lines.append("updated = " + ("2026-03-01" if rel in outdated[code] else "2026-06-01"))
            write(os.path.join(content, rel[:-3] + ".%s.md" % code),
                  "+++\n%s\n+++\n%s" % ("\n".join(lines), body_of(body)))
            folders.add(os.path.dirname(rel))
            files += 1
        for folder in sorted(folders):
            if not folder:
                continue
            title = folder.replace("-", " ").title()
            write(os.path.join(content, folder, "_index.%s.md" % code),
                  '+++\ntitle = %s\n+++\n' % toml_str("%s (%s)" % (prose(title), code)))
            files += 1
        write(os.path.join(content, "_index.%s.md" % code),
              "+++\ntitle = %s\n+++\n\n%s\n" % (toml_str("%s (%s)" % (NAMES.get(code, "Help center"), code)),
                                               prose("Search the help center, or choose a category.")))
        files += 1
    total = len(originals) + files
    print("%d originals, %d translations into %s (%d each, %d outdated each), %d files in content/ -> %s"
          % (len(originals), sum(len(v) for v in chosen.values()), ",".join(langs), count,
             min(args.outdated, count), total, args.out))


if __name__ == "__main__":
    main()
