#!/usr/bin/awk -f
# The tables of bench/run.sh: one row per build from the rows file (tab-separated: size,
# records, kind, pages, wall s, CPU s, peak MiB) with the stage times of its --timings log
# ($dir/stages-SIZE-KIND.log), then the growth of each stage of the fresh builds between sizes.
# Stages are the ones the logs name, in the order they first appear: a new stage needs no edit.
#   awk -f bench/table.awk -v dir=target/bench target/bench/rows
BEGIN { FS = "\t"; nst = 0; nrows = 0 }
{
    nrows++
    size[nrows] = $1; recs[nrows] = $2; kind[nrows] = $3; pages[nrows] = $4
    wall[nrows] = $5; cpu[nrows] = $6; mib[nrows] = $7
    if ($2 != "-") fresh_recs[$1] = (kind[nrows] == "fresh") ? $2 : fresh_recs[$1]
    tag = $1 "-" $3
    gsub(/ /, "-", tag)
    log_file = dir "/stages-" tag ".log"
    while ((getline line < log_file) > 0) {
        if (line ~ /^ *[a-z-]+: +[0-9.]+ ms$/) {
            split(line, f, ":")
            name = f[1]; gsub(/ /, "", name)
            v = f[2]; sub(/ ms$/, "", v); gsub(/ /, "", v)
            key = name " ms"
        } else if (line ~ /ms CPU of it in [a-z-]+$/) {
            n = split(line, f, " ")
            name = f[n]; v = f[1]
            key = name " CPU ms"
        } else continue
        if (!(key in seen)) { seen[key] = 1; stage[++nst] = key }
        ms[nrows, key] = v
    }
    close(log_file)
}
END {
    for (i = 1; i <= nrows; i++) if (recs[i] == "-") recs[i] = fresh_recs[size[i]]
    head = "| records | build | pages | wall s | user+sys s | peak MiB | pages/s |"
    rule = "|---|---|---|---|---|---|---|"
    for (s = 1; s <= nst; s++) { head = head " " stage[s] " |"; rule = rule "---|" }
    print head
    print rule
    for (i = 1; i <= nrows; i++) {
        rate = (pages[i] != "-" && wall[i] > 0) ? sprintf("%.0f", pages[i] / wall[i]) : "-"
        row = "| " recs[i] " | " kind[i] " | " pages[i] " | " wall[i] " | " cpu[i] " | " mib[i] " | " rate " |"
        for (s = 1; s <= nst; s++) row = row " " (((i, stage[s]) in ms) ? ms[i, stage[s]] : "-") " |"
        print row
    }
    hugo()
    growth()
}
# gongkai's fresh build against Hugo's on the equivalent site, per size (issue 19: ≤ 0.5×).
function hugo(    i, j, said) {
    said = 0
    for (i = 1; i <= nrows; i++) {
        if (kind[i] != "hugo fresh") continue
        for (j = 1; j <= nrows; j++) {
            if (kind[j] != "fresh" || size[j] != size[i] || wall[i] <= 0) continue
            if (!said++) print ""
            printf "%s records: gongkai fresh %s s (CPU %s s), Hugo %s s (CPU %s s): %.2f× Hugo's wall time\n", recs[j], wall[j], cpu[j], wall[i], cpu[i], wall[j] / wall[i]
        }
    }
}
# Ratios between consecutive sizes of the fresh builds; a stage whose time grows more than 10%
# faster than the records is flagged.
function growth(    i, j, nf, a, b, s, r, rr, line, flags, x, y) {
    nf = 0
    for (i = 1; i <= nrows; i++) if (kind[i] == "fresh") fr[++nf] = i
    if (nf < 2) return
    print ""
    print "Growth of fresh builds between sizes (× from the smaller; ! = grows faster than records):"
    print ""
    head = "| from → to | records | wall | user+sys |"
    rule = "|---|---|---|---|"
    for (s = 1; s <= nst; s++) { head = head " " stage[s] " |"; rule = rule "---|" }
    print head
    print rule
    flags = ""
    for (j = 2; j <= nf; j++) {
        a = fr[j - 1]; b = fr[j]
        rr = recs[b] / recs[a]
        line = "| " recs[a] " → " recs[b] " | " sprintf("%.1f", rr) " | " ratio(wall[a], wall[b], rr) " | " ratio(cpu[a], cpu[b], rr) " |"
        for (s = 1; s <= nst; s++) {
            x = ((a, stage[s]) in ms) ? ms[a, stage[s]] : ""
            y = ((b, stage[s]) in ms) ? ms[b, stage[s]] : ""
            r = ratio(x, y, rr)
            line = line " " r " |"
            if (r ~ /!$/) flags = flags "\n- " stage[s] ": ×" substr(r, 1, length(r) - 1) " from " recs[a] " to " recs[b] " records (records ×" sprintf("%.1f", rr) ")"
        }
        print line
    }
    if (flags != "") print "\nStages growing faster than records:" flags
}
function ratio(x, y, rr,    r) {
    if (x == "" || y == "" || x == "-" || y == "-" || x + 0 <= 0) return "-"
    r = y / x
    return sprintf("%.1f", r) ((r > 1.1 * rr) ? "!" : "")
}
