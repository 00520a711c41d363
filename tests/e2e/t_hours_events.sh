#!/bin/sh
# Opening hours and events of the demo town, computed with a fixed clock
# (--now): every demo facility at chosen instants (open, closed, lunch
# break, public holidays, closures, late evening and overnight), event
# questions with relative dates; then bad input: a broken .ics and an
# invalid opening_hours value are refused, naming file, record and reason,
# and nothing of that import is kept.
set -u
E2E_NAME=hours . "$(dirname "$0")/lib.sh"
cd "$root"
db=$tmp/demo.db

"$bin" import --db "$db" demo/ 2> "$tmp/log"
if grep -q "19 facilities: 19 added" "$tmp/log" && grep -q "50 events: 50 added" "$tmp/log"; then
    ok "demo/ imports pages, 19 facilities and 50 events"
else
    ko "demo/ import: $(cat "$tmp/log")"
fi

# ask NOW QUESTION → the answer's text, path and first source on three lines
ask() {
    "$bin" ask --config demo/guichet.ini --db "$db" --now "$1" --json "$2" 2>&1 |
        python3 -c 'import json,sys
a = json.load(sys.stdin)
print(a["answer"]); print(a["path"]); print(a["sources"][0]["url"] if a["sources"] else "-")'
}
# expect NOW QUESTION TEXT: a computed answer that holds TEXT
expect() {
    out=$(ask "$1" "$2")
    if printf '%s\n' "$out" | sed -n 1p | grep -qF -- "$3" && [ "$(printf '%s\n' "$out" | sed -n 2p)" = computed ]; then
        ok "$1 | $2"
    else
        ko "$1 | $2: expected '$3', got: $(printf '%s\n' "$out" | head -2 | tr '\n' ' ')"
    fi
}

# Hôtel de ville: Mo-We,Fr 08:30-12:00,13:30-17:30; Th to 19:00; Sa morning; PH off
expect "2026-12-07 10:00" "la mairie est ouverte ?" "La mairie (Hôtel de ville de Villebrune) est ouverte aujourd'hui jusqu'à 12h00, puis de 13h30 à 17h30."
expect "2026-12-07 12:30" "la mairie est ouverte ?" "est fermée en ce moment ; réouverture aujourd'hui de 13h30 à 17h30."
expect "2026-12-10 18:30" "jusqu'à quelle heure est ouverte la mairie ?" "est ouverte aujourd'hui jusqu'à 19h00."
expect "2026-12-26 10:00" "la mairie est-elle ouverte ?" "fermée aujourd'hui (fermeture exceptionnelle du samedi 26 décembre) ; réouverture le lundi 28 décembre à 8h30."
expect "2027-05-06 10:00" "la mairie est ouverte ?" "fermée aujourd'hui (jour férié : Ascension) ; réouverture le lundi 10 mai à 8h30."
expect "2027-05-05 10:00" "l'hôtel de ville est ouvert vendredi ?" "L'hôtel de ville (Hôtel de ville de Villebrune) est fermé le vendredi 7 mai (pont de l'Ascension)"
expect "2026-12-02 10:00" "la mairie est ouverte le jeudi soir ?" "est ouverte demain soir jusqu'à 19h00."
expect "2026-11-30 10:00" "la mairie est ouverte le jeudi soir ?" "est ouverte le jeudi 3 décembre au soir jusqu'à 19h00."
expect "2026-12-01 10:00" "la mairie est ouverte le samedi après-midi ?" "est fermée le samedi 5 décembre dans l'après-midi (ouverte ce jour-là de 9h00 à 12h00) ; réouverture le lundi 7 décembre à 8h30."
# Annexes
expect "2026-12-28 10:00" "l'annexe des Coteaux est ouverte ?" "(Mairie annexe des Coteaux) est fermée aujourd'hui (fermeture de fin d'année) ; réouverture le samedi 2 janvier 2027 à 9h00."
expect "2026-12-07 10:00" "la mairie de Saint-Lazare est ouverte ?" "(Mairie annexe Saint-Lazare) est fermée en ce moment ; réouverture aujourd'hui de 13h30 à 18h00."
# Médiathèque: seasonal hours, 14 July, inventory closure
expect "2027-07-10 10:00" "la bibliothèque est ouverte le 14 juillet ?" "est fermée le mercredi 14 juillet (jour férié : Fête nationale) ; réouverture le jeudi 15 juillet à 10h00."
expect "2027-01-06 15:00" "la médiathèque est ouverte ?" "fermée aujourd'hui (inventaire annuel des collections) ; réouverture le mardi 12 janvier à 14h00."
expect "2026-12-05 10:00" "la mediatheque est ouverte ?" "est ouverte aujourd'hui jusqu'à 18h00."
# Piscine: Christmas, annual closure, Friday late evening, summer
expect "2026-12-25 10:00" "la piscine est ouverte ?" "La piscine (Centre aquatique des Tilleuls) est fermée aujourd'hui (jour férié : Noël) ; réouverture demain à 10h00."
expect "2027-01-10 10:00" "horaires de la piscine" "du dimanche 10 au samedi 16 janvier : fermée (vidange annuelle et maintenance technique)"
expect "2026-12-04 21:30" "la pisine est ouverte ce soir ?" "est ouverte ce soir jusqu'à 22h00."
expect "2027-07-20 18:00" "le centre aquatique ferme à quelle heure ?" "Le centre aquatique (Centre aquatique des Tilleuls) est ouvert aujourd'hui jusqu'à 19h30."
# Déchetterie: winter and summer hours, the week's hours
expect "2026-11-21 10:00" "horaires de la déchetterie" "Les sept prochains jours : samedi 21 novembre : 9h–12h, 14h–17h ; dimanche 22 novembre : fermée ;"
expect "2027-06-13 10:00" "la déchetterie est ouverte ?" "est ouverte aujourd'hui jusqu'à 12h00."
expect "2027-06-14 17:45" "la dechetterie est ouverte ?" "est ouverte aujourd'hui jusqu'à 18h30."
# Crèches
expect "2027-08-10 10:00" "la crèche les petits pas est ouverte ?" "La crèche Les Petits Pas est fermée aujourd'hui (fermeture estivale) ; réouverture le lundi 23 août à 7h30."
expect "2026-12-07 08:00" "la ribambelle est ouverte ?" "La crèche La Ribambelle est ouverte aujourd'hui jusqu'à 18h30."
expect "2026-12-07 08:00" "la halte-garderie ouvre à quelle heure ?" "La halte-garderie (Multi-accueil Les Lucioles) est ouverte aujourd'hui jusqu'à 18h00."
# Gymnases: late evening, Sunday
expect "2026-12-07 22:00" "le gymnase Coubertin est ouvert ?" "est ouvert aujourd'hui jusqu'à 22h30."
expect "2026-12-06 10:00" "le gymnase des Coteaux est ouvert ?" "Le gymnase des Coteaux est fermé aujourd'hui ; réouverture demain à 8h00."
# Cimetière: open every day, public holidays included
expect "2026-12-25 10:00" "le cimetière est ouvert ?" "Le cimetière (Cimetière des Aulnes) est ouvert aujourd'hui jusqu'à 17h30."
expect "2027-06-01 18:00" "à quelle heure ferme le cimetière ?" "est ouvert aujourd'hui jusqu'à 19h00."
# Police municipale, CCAS, Maison de l'Habitat
expect "2026-12-07 13:00" "la police municipale est ouverte ?" "est fermée en ce moment ; réouverture aujourd'hui de 13h30 à 19h00."
expect "2026-12-24 10:00" "le CCAS est ouvert ?" "Le CCAS (CCAS de Villebrune – Espace Solidarités) est fermé aujourd'hui (fermeture la veille de Noël) ; réouverture le lundi 28 décembre à 8h30."
expect "2026-12-09 15:00" "le service logement est ouvert ?" "(Maison de l'Habitat) est fermé pour aujourd'hui ; réouverture demain à 9h00."
# Office de tourisme, conservatoire, espace jeunes, fourrière
expect "2027-01-12 10:00" "l'office de tourisme est ouvert ?" "fermé aujourd'hui (fermeture annuelle) ; réouverture le mardi 19 janvier à 10h00."
expect "2026-12-21 10:00" "le conservatoire est ouvert ?" "fermé aujourd'hui (vacances de Noël) ; réouverture le lundi 4 janvier 2027 à 13h30."
expect "2027-07-12 10:00" "horaires de l'espace jeunes" "mercredi 14 juillet : fermé (jour férié : Fête nationale)"
expect "2026-12-07 10:00" "la fourrière est ouverte ?" "est fermée en ce moment ; réouverture aujourd'hui de 14h00 à 17h30."

# Events, relative to the clock
expect "2026-12-09 10:00" "que faire ce week-end ?" "Au programme du samedi 12 au dimanche 13 décembre :"
expect "2026-12-09 10:00" "que faire ce week-end ?" "du vendredi 11 décembre à 17h00 au dimanche 13 décembre à 19h00, Marché de Noël, Place de la République"
expect "2027-03-01 10:00" "concerts samedi prochain" "samedi 6 mars à 20h30, Concert jazz : Brune Big Band, Théâtre de la Halle."
expect "2026-12-08 10:00" "concerts samedi prochain" "Je n'ai trouvé aucun événement correspondant le samedi 12 décembre dans l'agenda. Prochaine date : mardi 15 décembre à 19h00, Concert de Noël du conservatoire"
expect "2026-11-21 10:00" "c'est quand le marché de Noël ?" "Prochaines dates : du vendredi 11 décembre à 17h00 au dimanche 13 décembre à 19h00, Marché de Noël"
expect "2026-11-21 10:00" "quels événements à la médiathèque en juin ?" "mercredi 2 juin 2027 à 10h30, L'heure du conte, Médiathèque Louise-Michel (aussi les 9, 16 et 23 juin 2027"
expect "2027-07-13 10:00" "que faire demain soir ?" "Au programme demain : mercredi 14 juillet à 22h45, Feu d'artifice du 14 juillet, Parc de la Brune."
expect "2027-07-10 10:00" "qu'est-ce qu'il y a le 14 juillet ?" "mercredi 14 juillet à 11h00, Cérémonie de la fête nationale"
expect "2027-04-20 10:00" "le marché samedi ?" "Au programme le samedi 24 avril : samedi 24 avril à 7h30, Marché du centre-ville"
expect "2027-04-27 10:00" "c'est quand le marché cette semaine ?" "mercredi 28 avril à 7h30, Marché du centre-ville, Place du Marché et Halle (aussi le 30 avril)"
expect "2026-11-21 10:00" "quand a lieu le prochain vide-greniers ?" "dimanche 18 avril 2027 à 7h00, Vide-greniers du quartier des Tilleuls"
out=$(ask "2027-04-27 10:00" "c'est quand le marché cette semaine ?")
if printf '%s' "$out" | grep -q "samedi 1er mai"; then ko "the EXDATE of 1 May is honoured"; else ok "the EXDATE of 1 May is honoured"; fi
# Several events, no topic: the agenda page first; one topic: the event's page.
out=$(ask "2026-12-09 10:00" "que faire ce week-end ?")
if [ "$(printf '%s\n' "$out" | sed -n 3p)" = "https://www.villebrune.example/agenda" ]; then
    ok "an answer listing several events cites the agenda first"
else
    ko "an answer listing several events cites the agenda first: $out"
fi
out=$(ask "2026-11-21 10:00" "c'est quand le marché de Noël ?")
if printf '%s\n' "$out" | sed -n 3p | grep -q "^https://www.villebrune.example/agenda/"; then
    ok "an event answer cites the event's page"
else
    ko "an event answer cites the event's page: $out"
fi
out=$(ask "2026-12-07 10:00" "la piscine est ouverte ?")
if [ "$(printf '%s\n' "$out" | sed -n 3p)" = "https://www.villebrune.example/sports/centre-aquatique" ]; then
    ok "an hours answer cites the facility"
else
    ko "an hours answer cites the facility: $out"
fi
# Left to the extractive path
for qq in "combien coûte l'entrée à la piscine ?" "à quelle heure ferme le cimetière en hiver ?" \
          "quels jours a lieu le marché ?" "la mairie est-elle accessible en fauteuil roulant ?"; do
    out=$(ask "2026-12-07 10:00" "$qq")
    if [ "$(printf '%s\n' "$out" | sed -n 2p)" = extractive ]; then ok "extractive: $qq"; else ko "extractive: $qq: $out"; fi
done

# Bad input: nothing of a failed import is kept.
mkdir -p "$tmp/bad"
cp demo/pages/marches.md "$tmp/bad/"
cat > "$tmp/bad/equipements.json" <<'J'
[{"id": "stade", "name": "Stade municipal", "status": "validated", "validated_by": "A",
  "validated_on": "2026-09-01", "opening_hours": "Mo-Fr 08:00-12:00; Sa 25:00-26:00x"}]
J
bad=$tmp/bad.db
# refused WHAT PATTERN: importing $tmp/bad into $bad fails (exit 1) with a
# message matching PATTERN (grep's basic regular expression).
refused() {
    "$bin" import --db "$bad" "$tmp/bad" 2> "$tmp/log"; rc=$?
    if [ $rc -eq 1 ] && grep -q -- "$2" "$tmp/log"; then ok "$1"; else ko "$1 (rc=$rc): $(cat "$tmp/log")"; fi
}
refused "an invalid opening_hours value: exit 1, file, facility, position and reason" \
    "equipements.json: facility 'stade': invalid opening_hours \".*\" at [0-9]*: ."
if [ "$(sql "$bad" "select count(*) from pages")" = 0 ] && [ "$(sql "$bad" "select count(*) from facilities")" = 0 ]; then
    ok "nothing of that import is kept"
else
    ko "nothing of that import is kept"
fi
printf '[{"id": "stade", "name": "Stade municipal", "status": "validated", "validated_by": "A", "validated_on": "2026-09-01", "opening_hours": "Mo-Fr 08:00-12:00"}]\n' > "$tmp/bad/equipements.json"
"$bin" import --quiet --db "$bad" "$tmp/bad" || ko "a good import"
cat > "$tmp/bad/agenda.ics" <<'I'
BEGIN:VCALENDAR
VERSION:2.0
PRODID:test
BEGIN:VEVENT
UID:ok-1
DTSTART:20270101T100000
SUMMARY:Bon
END:VEVENT
BEGIN:VEVENT
UID:casse-2
DTSTART:20270132T100000
SUMMARY:Cassé
END:VEVENT
END:VCALENDAR
I
printf '[{"id": "stade", "name": "Stade rénové", "status": "validated", "validated_by": "A", "validated_on": "2026-09-01", "opening_hours": "Mo-Sa 08:00-12:00"}]\n' > "$tmp/bad/equipements.json"
refused "a broken .ics: exit 1, file, event UID and line, reason" \
    "agenda.ics: event 'casse-2' (line 9): .*DTSTART"
if [ "$(sql "$bad" "select count(*) from events")" = 0 ] && [ "$(sql "$bad" "select name from facilities")" = "Stade municipal" ]; then
    ok "nothing of that import is kept (the facility keeps its old name, no event)"
else
    ko "nothing of that import is kept after a broken .ics"
fi
printf 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:20270101T100000\nSUMMARY:x\nEND:VCALENDAR\n' > "$tmp/bad/agenda.ics"
refused "an unclosed VEVENT: exit 1 with the lines" \
    "agenda.ics:6: END:VCALENDAR does not close BEGIN:VEVENT (line 2)"
# Re-importing a file replaces what it gave: an event removed from it goes.
printf 'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:t\nBEGIN:VEVENT\nUID:a\nDTSTART:20270101T100000\nSUMMARY:A\nEND:VEVENT\nBEGIN:VEVENT\nUID:b\nDTSTART:20270102T100000\nSUMMARY:B\nEND:VEVENT\nEND:VCALENDAR\n' > "$tmp/bad/agenda.ics"
"$bin" import --quiet --db "$bad" "$tmp/bad" || ko "a good agenda"
printf 'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:t\nBEGIN:VEVENT\nUID:a\nDTSTART:20270101T100000\nSUMMARY:A\nEND:VEVENT\nEND:VCALENDAR\n' > "$tmp/bad/agenda.ics"
"$bin" import --db "$bad" "$tmp/bad" 2> "$tmp/log"
if grep -q "1 events: 0 added, 0 updated, 1 unchanged, 1 removed" "$tmp/log" && [ "$(sql "$bad" "select count(*) from events")" = 1 ]; then
    ok "an event dropped from its file is removed"
else
    ko "an event dropped from its file is removed: $(cat "$tmp/log")"
fi
finish
