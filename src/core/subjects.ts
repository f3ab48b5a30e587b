/**
 * Subject names as schools write them, folded to one column each: "Математика", "математика" and
 * "матем" are one subject. The nine subjects of the application form (appendix 13) come first.
 */
export const FORM_SUBJECTS = ["матем", "тарых", "кырг. тили", "география", "физика", "химия", "биология", "башт. кл.", "орус т."] as const;

const ALIASES: Record<(typeof FORM_SUBJECTS)[number], string[]> = {
  матем: ["матем", "математика", "алгебра", "геометрия", "math", "mathematics"],
  тарых: ["тарых", "история", "кыргызстан тарыхы", "дүйнө тарыхы", "history"],
  "кырг. тили": ["кырг. тили", "кырг тили", "кыргыз тили", "кыргыз тил", "кыргызский язык", "кырг. тил"],
  география: ["география", "geography"],
  физика: ["физика", "physics"],
  химия: ["химия", "chemistry"],
  биология: ["биология", "biology"],
  "башт. кл.": ["башт. кл.", "башт кл", "башг. кл.", "башталгыч класстар", "башталгыч класс", "башталгыч мектеп", "начальные классы", "начальная школа"],
  "орус т.": ["орус т.", "орус т", "орус тили", "русский язык", "русский"],
};

const LOOKUP = new Map<string, string>();
for (const [canonical, words] of Object.entries(ALIASES)) for (const w of words) LOOKUP.set(fold(w), canonical);

function fold(name: string): string {
  return name
    .toLowerCase()
    .replace(/ё/g, "е")
    .replace(/[.\s]+/g, " ")
    .trim();
}

export function normaliseSubject(name: string): string {
  const folded = fold(name);
  return LOOKUP.get(folded) ?? name.trim().toLowerCase().replace(/\s+/g, " ");
}

/** The form's nine subjects, then every other subject found, alphabetically. */
export function subjectColumns(found: Iterable<string>): string[] {
  const others = new Set<string>();
  for (const s of found) {
    const n = normaliseSubject(s);
    if (!(FORM_SUBJECTS as readonly string[]).includes(n)) others.add(n);
  }
  return [...FORM_SUBJECTS, ...[...others].sort((a, b) => a.localeCompare(b, "ky"))];
}
