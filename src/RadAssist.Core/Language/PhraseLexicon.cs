using System.Collections.Frozen;

namespace RadAssist.Language;

/// <summary>Role of a phrase in a sentence.</summary>
internal enum PhraseKind
{
    Finding,
    Site,
    Laterality,
    NegationBefore,
    NegationAfter,
    UncertaintyBefore,
    UncertaintyAfter,

    /// <summary>A phrase that contains a negation word but negates nothing, such as "no change in" (NegEx pseudo-trigger).</summary>
    Pseudo,

    /// <summary>A phrase that ends the scope of a negation or uncertainty cue, such as "but" (NegEx termination term).</summary>
    Terminator,

    /// <summary>A cue that puts the findings after it in the past, such as "history of" (ConText historical trigger).</summary>
    HistoricalBefore,

    /// <summary>A cue that puts the findings after it in a question instead of stating them, such as "rule out" or "evaluate for".</summary>
    QuestionBefore,
    Temporal,
}

/// <summary>What a phrase of the lexicon means.</summary>
/// <param name="Kind">Role of the phrase.</param>
/// <param name="Value">Canonical finding type or site name, or <see langword="null"/> for cues.</param>
/// <param name="Laterality">Laterality the phrase states by itself ("right", "RUL", "bibasilar").</param>
/// <param name="Temporal">Change over time the phrase states ("new", "no interval change").</param>
internal sealed record PhraseMeaning(PhraseKind Kind, string? Value, Laterality Laterality, TemporalChange Temporal);

/// <summary>
/// Phrase table of the report-language engine, looked up by lower-case word sequences of up to
/// <see cref="MaxWords"/> words.
/// </summary>
/// <remarks>
/// The negation, pseudo-negation, uncertainty and termination cues follow the NegEx trigger lists (Chapman et al.,
/// "A simple algorithm for identifying negated findings and diseases in discharge summaries", J Biomed Inform 2001)
/// and their ConText extension (Harkema et al., J Biomed Inform 2009), reduced to the phrases radiology reports use.
/// Finding and site vocabularies are this engine's own. Finding types are the canonical names in
/// <see cref="Finding.Type"/>.
/// </remarks>
internal static class PhraseLexicon
{
    /// <summary>Longest phrase in words.</summary>
    public const int MaxWords = 6;

    private static readonly FrozenDictionary<string, PhraseMeaning> Phrases = Build();

    /// <summary>Lookup that takes a span of the lower-case sentence, so matching allocates nothing.</summary>
    public static readonly FrozenDictionary<string, PhraseMeaning>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Phrases.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Number of words of the longest phrase that starts with a word, for every word that starts a phrase. Most words
    /// of a report start none, so the matcher skips them after one lookup.
    /// </summary>
    public static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> FirstWords =
        BuildFirstWords().GetAlternateLookup<ReadOnlySpan<char>>();

    private static FrozenDictionary<string, int> BuildFirstWords()
    {
        var firstWords = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var phrase in Phrases.Keys)
        {
            var words = phrase.Split(' ');
            firstWords[words[0]] = Math.Max(firstWords.GetValueOrDefault(words[0]), words.Length);
        }

        return firstWords.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, PhraseMeaning> Build()
    {
        var table = new Dictionary<string, PhraseMeaning>(StringComparer.Ordinal);

        AddFindings(table);
        AddSites(table);
        AddCues(table);

        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void AddFindings(Dictionary<string, PhraseMeaning> table)
    {
        void Finding(string type, params string[] variants)
        {
            Add(table, type, new PhraseMeaning(PhraseKind.Finding, type, Laterality.None, TemporalChange.None));
            foreach (var variant in variants)
            {
                Add(table, variant, new PhraseMeaning(PhraseKind.Finding, type, Laterality.None, TemporalChange.None));
            }
        }

        // Chest.
        Finding("pneumothorax", "pneumothoraces", "ptx");
        Finding("tension pneumothorax", "tension pneumothoraces", "tension physiology");
        Finding("hydropneumothorax", "hemopneumothorax", "hydropneumothoraces");
        Finding("pneumomediastinum");
        Finding("mediastinal hematoma", "mediastinal hematomas", "mediastinal haematoma");
        Finding("mediastinal shift");
        Finding("pleural effusion", "pleural effusions", "pleural fluid");
        Finding("effusion", "effusions");
        Finding("pericardial effusion", "pericardial effusions");
        Finding("consolidation", "consolidations", "consolidative opacity", "consolidative opacities", "airspace consolidation");
        Finding("airspace disease", "air space disease", "focal airspace disease", "airspace opacity", "airspace opacities", "alveolar opacities");
        Finding("opacity", "opacities", "opacification", "density", "densities");
        Finding("infiltrate", "infiltrates");
        Finding("pneumonia", "pneumonias", "bronchopneumonia");
        Finding("atelectasis", "atelectases", "atelectatic changes", "subsegmental atelectasis", "platelike atelectasis");
        Finding("pulmonary edema", "edema", "interstitial edema", "alveolar edema");
        Finding("pulmonary vascular congestion", "vascular congestion", "pulmonary congestion", "congestion", "chf", "congestive heart failure");
        Finding("cardiomegaly", "enlarged heart", "enlarged cardiac silhouette", "enlarged cardiomediastinal silhouette", "cardiac enlargement", "enlarged cardiac shadow", "heart is enlarged", "heart size is enlarged", "heart is mildly enlarged", "heart size is mildly enlarged");
        Finding("nodule", "nodules", "nodular opacity", "nodular opacities", "nodular density", "nodular densities");
        Finding("ground-glass nodule", "ground glass nodule", "ground-glass nodules", "ground glass nodules", "ggn", "ggo");
        Finding("part-solid nodule", "part solid nodule", "part-solid nodules", "subsolid nodule", "subsolid nodules");
        Finding("mass", "masses", "mass lesion", "mass lesions");
        Finding("lesion", "lesions");
        Finding("granuloma", "granulomas", "granulomata", "calcified granuloma", "calcified granulomas", "granulomatous disease", "granulomatous changes");
        Finding("lymph node", "lymph nodes", "node", "nodes");
        Finding("lymphadenopathy", "adenopathy", "lymph node enlargement", "enlarged lymph nodes", "enlarged lymph node");
        Finding("emphysema", "emphysematous changes", "copd", "chronic obstructive pulmonary disease");
        Finding("hyperinflation", "hyperexpansion", "hyperinflated lungs", "hyperexpanded lungs");
        Finding("scarring", "scar", "scars", "fibrotic changes", "fibrosis", "fibrotic scarring");
        Finding("interstitial disease", "interstitial lung disease", "interstitial markings", "interstitial opacities", "interstitial prominence", "interstitial changes");
        Finding("pleural thickening");
        Finding("bronchiectasis");
        Finding("pulmonary embolism", "pulmonary embolus", "pulmonary emboli", "pulmonary embolic disease", "pulmonary thromboembolism", "pulmonary thromboembolic disease", "pe", "saddle embolus");
        Finding("aortic dissection", "dissection", "intimal flap", "dissection flap");
        Finding("aortic aneurysm", "aortic aneurysms", "abdominal aortic aneurysm", "thoracic aortic aneurysm", "aaa", "aneurysmal dilatation of the aorta");
        Finding("aneurysm", "aneurysms", "aneurysmal dilatation");
        Finding("ruptured aortic aneurysm", "aneurysm rupture", "ruptured aneurysm", "ruptured abdominal aortic aneurysm");
        Finding("atherosclerosis", "atherosclerotic changes", "atherosclerotic calcification", "atherosclerotic disease", "aortic atherosclerosis", "atherosclerotic vascular disease");
        Finding("tortuous aorta", "aortic tortuosity", "tortuosity of the aorta", "tortuous thoracic aorta");
        Finding("calcification", "calcifications");
        Finding("cardiopulmonary abnormality", "cardiopulmonary abnormalities", "cardiopulmonary disease", "cardiopulmonary process", "cardiopulmonary findings", "cardiopulmonary pathology");

        // Bones and soft tissue.
        Finding("fracture", "fractures", "fx");
        Finding("dislocation", "dislocations", "subluxation");
        Finding("degenerative changes", "degenerative change", "degenerative disease", "spondylosis", "osteoarthritis", "arthritis", "osteophytes", "osteophyte");
        Finding("scoliosis", "kyphosis", "dextroscoliosis", "levoscoliosis");
        Finding("osseous abnormality", "bony abnormality", "bony abnormalities", "osseous abnormalities", "bony findings", "osseous lesion", "osseous lesions", "bony lesion", "bony lesions");
        Finding("osteopenia", "osteoporosis");
        Finding("metastasis", "metastases", "metastatic disease", "metastatic lesions");
        Finding("cord compression", "spinal cord compression");
        Finding("disc herniation", "herniated disc", "disc protrusion", "disc bulge", "disc extrusion", "protrusion", "extrusion");
        Finding("stenosis", "spinal stenosis", "canal stenosis", "foraminal stenosis", "foraminal narrowing");
        Finding("foreign body", "foreign bodies");
        Finding("joint effusion");
        Finding("tear", "tears");

        // Head and neck.
        Finding("intracranial hemorrhage", "intracranial haemorrhage", "intracranial hemorrhages", "intracranial bleed", "intraparenchymal hemorrhage", "intracerebral hemorrhage", "intraventricular hemorrhage", "hemorrhagic stroke");
        Finding("hemorrhage", "haemorrhage", "hemorrhages", "bleed", "bleeding", "active extravasation");
        Finding("subdural hematoma", "subdural haematoma", "subdural hematomas", "subdural hemorrhage", "subdural collection");
        Finding("epidural hematoma", "epidural haematoma", "extradural hematoma");
        Finding("subarachnoid hemorrhage", "subarachnoid haemorrhage", "sah");
        Finding("hematoma", "haematoma", "hematomas");
        Finding("acute infarct", "acute infarction", "acute stroke", "acute ischemic stroke", "acute cerebral infarction", "acute territorial infarct");
        Finding("infarct", "infarcts", "infarction", "infarctions", "stroke", "ischemic stroke", "cerebral infarction", "lacunar infarct", "lacunar infarction", "lacunar infarcts");
        Finding("large vessel occlusion", "vessel occlusion");
        Finding("occlusion", "occlusions");
        Finding("midline shift", "shift of midline structures", "shift of the midline structures", "shift of the midline");
        Finding("herniation", "brain herniation", "uncal herniation", "subfalcine herniation", "tonsillar herniation");
        Finding("mass effect");
        Finding("hydrocephalus", "ventriculomegaly");
        Finding("white matter changes", "white matter disease", "small vessel ischemic changes", "small vessel ischemic disease", "microvascular ischemic changes", "chronic small vessel ischemic changes");
        Finding("sinus disease", "sinusitis", "mucosal thickening");
        Finding("thyroid nodule", "thyroid nodules");

        // Abdomen and pelvis.
        Finding("pneumoperitoneum", "free air", "free intraperitoneal air", "intraperitoneal free air", "free intra-abdominal air", "extraluminal air", "free subdiaphragmatic air", "subdiaphragmatic free air", "subdiaphragmatic air", "pneumoperitoneum");
        Finding("bowel obstruction", "small bowel obstruction", "large bowel obstruction", "sbo", "bowel obstructions", "obstructed bowel");
        Finding("obstruction", "obstructions");
        Finding("volvulus");
        Finding("perforation", "bowel perforation", "perforated viscus");
        Finding("pneumatosis", "pneumatosis intestinalis", "portal venous gas");
        Finding("appendicitis", "acute appendicitis");
        Finding("diverticulitis");
        Finding("diverticulosis");
        Finding("cholecystitis", "acute cholecystitis");
        Finding("cholelithiasis", "gallstone", "gallstones");
        Finding("biliary dilatation", "biliary ductal dilatation", "intrahepatic biliary dilatation");
        Finding("nephrolithiasis", "kidney stone", "kidney stones", "renal stone", "renal stones", "renal calculus", "renal calculi", "calculus", "calculi", "stone", "stones", "urolithiasis");
        Finding("hydronephrosis", "hydroureteronephrosis");
        Finding("hydroureter");
        Finding("ascites", "free fluid");
        Finding("abscess", "abscesses");
        Finding("splenomegaly");
        Finding("hepatomegaly");
        Finding("fatty liver", "hepatic steatosis", "steatosis");
        Finding("cyst", "cysts", "cystic lesion", "cystic lesions");
        Finding("hernia", "hernias", "hiatal hernia", "hiatus hernia", "inguinal hernia", "umbilical hernia");
        Finding("wall thickening", "bowel wall thickening");
        Finding("hydrocele", "hydroceles");
        Finding("varicocele", "varicoceles");
        Finding("testicular torsion", "torsion of the testis", "spermatic cord torsion");
        Finding("torsion");
        Finding("ovarian torsion", "adnexal torsion");
        Finding("ectopic pregnancy");
        Finding("adenoma", "adenomas");
        Finding("hemangioma", "hemangiomas");
        Finding("polyp", "polyps");
        Finding("fibroid", "fibroids", "leiomyoma", "leiomyomas");
        Finding("deep vein thrombosis", "dvt", "deep venous thrombosis", "venous thrombosis");
        Finding("thrombus", "thrombi", "thrombosis", "clot", "clots");
        Finding("malpositioned tube", "malpositioned endotracheal tube", "esophageal intubation", "malpositioned catheter", "right mainstem intubation", "recommend retraction", "recommend withdrawal", "recommend advancement", "should be retracted", "should be withdrawn", "should be advanced");
        Finding("tumor", "tumors", "tumour", "neoplasm", "malignancy", "carcinoma");
        Finding("microcalcifications", "microcalcification");
        Finding("architectural distortion");
        Finding("abnormality", "abnormalities", "acute abnormality", "acute abnormalities", "acute process", "acute findings", "acute disease", "acute pathology");
    }

    private static void AddSites(Dictionary<string, PhraseMeaning> table)
    {
        void Site(string name, Laterality laterality, params string[] variants)
        {
            Add(table, name, new PhraseMeaning(PhraseKind.Site, name, laterality, TemporalChange.None));
            foreach (var variant in variants)
            {
                Add(table, variant, new PhraseMeaning(PhraseKind.Site, name, laterality, TemporalChange.None));
            }
        }

        // Sites that state their own laterality.
        Site("right upper lobe", Laterality.Right, "rul");
        Site("right middle lobe", Laterality.Right, "rml");
        Site("right lower lobe", Laterality.Right, "rll");
        Site("left upper lobe", Laterality.Left, "lul");
        Site("left lower lobe", Laterality.Left, "lll");
        Site("lingula", Laterality.Left, "lingular");
        Site("lung bases", Laterality.Bilateral, "bibasilar", "bibasal", "both bases", "both lung bases", "bilateral lung bases", "bilateral bases");
        Site("lung apices", Laterality.Bilateral, "biapical", "both apices", "bilateral apices");

        // Sites without laterality. A laterality word next to them completes the name.
        Site("upper lobe", Laterality.None, "upper lobes");
        Site("middle lobe", Laterality.None);
        Site("lower lobe", Laterality.None, "lower lobes");
        Site("lung base", Laterality.None, "base", "basilar", "basal", "basilar region", "lung bases region");
        Site("lung apex", Laterality.None, "apex", "apical", "apices");
        Site("lung", Laterality.None, "lungs", "hemithorax", "pulmonary", "lung field", "lung fields", "perihilar", "midlung", "mid lung", "lung zone");
        Site("hilum", Laterality.None, "hilar", "hila", "hilum region");
        Site("mediastinum", Laterality.None, "mediastinal", "paratracheal", "subcarinal", "prevascular", "aortopulmonary window");
        Site("costophrenic angle", Laterality.None, "costophrenic angles", "costophrenic sulcus");
        Site("pleura", Laterality.None, "pleural space", "pleural surface");
        Site("fissure", Laterality.None, "minor fissure", "major fissure", "perifissural");
        Site("heart", Laterality.None, "cardiac");
        Site("aorta", Laterality.None, "thoracic aorta", "abdominal aorta", "aortic arch", "ascending aorta", "descending aorta");
        Site("pulmonary artery", Laterality.None, "pulmonary arteries", "main pulmonary artery");
        Site("brain", Laterality.None, "cerebral", "intracranial", "cerebellum", "cerebellar", "frontal lobe", "parietal lobe", "temporal lobe", "occipital lobe", "basal ganglia", "thalamus", "brainstem");
        Site("hemisphere", Laterality.None, "cerebral hemisphere", "hemispheric");
        Site("neck", Laterality.None, "cervical");
        Site("thyroid", Laterality.None, "thyroid gland", "thyroid lobe");
        Site("breast", Laterality.None, "breasts", "axilla", "axillary");
        Site("liver", Laterality.None, "hepatic", "right hepatic lobe", "left hepatic lobe", "hepatic lobe");
        Site("gallbladder", Laterality.None);
        Site("pancreas", Laterality.None, "pancreatic");
        Site("spleen", Laterality.None, "splenic");
        Site("kidney", Laterality.None, "kidneys", "renal");
        Site("adrenal gland", Laterality.None, "adrenal", "adrenals", "adrenal glands");
        Site("ureter", Laterality.None, "ureters", "ureteral", "ureterovesical junction");
        Site("bladder", Laterality.None, "urinary bladder");
        Site("prostate", Laterality.None, "prostatic", "peripheral zone", "transition zone");
        Site("uterus", Laterality.None, "uterine", "endometrium", "endometrial");
        Site("ovary", Laterality.None, "ovaries", "ovarian", "adnexa", "adnexal");
        Site("testis", Laterality.None, "testicle", "testicles", "testes", "testicular", "scrotum", "scrotal", "epididymis");
        Site("bowel", Laterality.None, "small bowel", "colon", "colonic", "large bowel", "sigmoid colon", "cecum", "appendix", "stomach", "duodenum");
        Site("abdomen", Laterality.None, "abdominal", "peritoneum", "peritoneal", "intraperitoneal", "retroperitoneum", "retroperitoneal");
        Site("pelvis", Laterality.None, "pelvic");
        Site("spine", Laterality.None, "spinal", "thoracic spine", "lumbar spine", "cervical spine", "vertebral body", "vertebral bodies", "vertebra", "vertebrae");
        Site("rib", Laterality.None, "ribs");
        Site("clavicle", Laterality.None, "clavicles", "clavicular");
        Site("shoulder", Laterality.None, "shoulders", "humerus", "humeral");
        Site("hip", Laterality.None, "hips", "femur", "femoral", "acetabulum");
        Site("knee", Laterality.None, "knees", "patella", "tibia", "tibial", "meniscus", "menisci");
        Site("ankle", Laterality.None, "ankles", "foot", "feet");
        Site("wrist", Laterality.None, "hand", "hands", "radius", "ulna");
        Site("diaphragm", Laterality.None, "hemidiaphragm", "hemidiaphragms", "diaphragmatic");
        Site("soft tissues", Laterality.None, "soft tissue", "subcutaneous");
        Site("lower extremity", Laterality.None, "leg", "legs", "lower extremities", "popliteal", "calf");
    }

    private static void AddCues(Dictionary<string, PhraseMeaning> table)
    {
        void Cue(PhraseKind kind, TemporalChange temporal, params string[] phrases)
        {
            foreach (var phrase in phrases)
            {
                Add(table, phrase, new PhraseMeaning(kind, null, Laterality.None, temporal));
            }
        }

        void Side(Laterality laterality, params string[] phrases)
        {
            foreach (var phrase in phrases)
            {
                Add(table, phrase, new PhraseMeaning(PhraseKind.Laterality, null, laterality, TemporalChange.None));
            }
        }

        Side(Laterality.Right, "right", "rt", "right-sided", "right sided");
        Side(Laterality.Left, "left", "lt", "left-sided", "left sided");
        Side(Laterality.Bilateral, "bilateral", "bilaterally", "both", "bilateral lung", "right and left", "left and right");

        Cue(PhraseKind.NegationBefore, TemporalChange.None,
            "no", "not", "without", "negative for", "no evidence of", "no evidence for", "no sign of", "no signs of",
            "no findings of", "no findings to suggest", "no radiographic evidence of", "no definite", "no convincing",
            "no visible", "absence of", "absent", "free of", "clear of", "never", "neither", "nor", "denies",
            "no suspicious", "no acute", "no focal", "no large", "no significant", "no gross", "no obvious",
            "no definite evidence of", "no demonstrable", "there is no", "there are no", "there is no evidence of",
            "rather than", "no residual");
        Cue(PhraseKind.NegationBefore, TemporalChange.Resolved,
            "resolution of", "resolved", "interval resolution of", "no longer", "complete resolution of");
        Cue(PhraseKind.NegationAfter, TemporalChange.None,
            "is not seen", "are not seen", "not seen", "not identified", "is not identified", "are not identified",
            "not visualized", "not present", "is absent", "are absent", "not demonstrated", "not evident",
            "not appreciated", "were not seen", "was not seen", "is not present", "are not present", "ruled out",
            "not detected", "is excluded", "are excluded");
        Cue(PhraseKind.NegationAfter, TemporalChange.Resolved,
            "has resolved", "have resolved", "is resolved", "are resolved", "has cleared", "have cleared",
            "is no longer seen", "are no longer seen", "no longer seen", "no longer visualized", "no longer present",
            "is no longer visualized", "are no longer visualized");
        Cue(PhraseKind.UncertaintyBefore, TemporalChange.None,
            "possible", "possibly", "probable", "probably", "questionable", "question of", "suspicious for",
            "suspected", "suspect", "suggestive of", "suggests", "suggesting", "suggestion of", "concerning for",
            "concern for", "may represent", "may reflect", "may be", "might represent", "could represent",
            "could be", "likely", "most likely", "versus", "vs", "differential", "equivocal", "borderline",
            "cannot exclude", "can not exclude", "cannot rule out", "can not rule out", "indeterminate", "presumed", "apparent", "worrisome for", "raising the possibility of",
            "differential diagnosis includes", "favored", "favor", "cannot be excluded");
        Cue(PhraseKind.UncertaintyAfter, TemporalChange.None,
            "cannot be excluded", "can not be excluded", "not excluded", "is not excluded", "are not excluded",
            "cannot be ruled out", "can not be ruled out", "not ruled out", "is not ruled out", "is possible",
            "is suspected", "are suspected", "is questioned", "not entirely excluded", "is likely", "are likely",
            "is not entirely excluded", "is favored", "not completely excluded");
        Cue(PhraseKind.Pseudo, TemporalChange.Unchanged,
            "no change", "no change in", "no significant change", "no significant change in", "no interval change",
            "no interval change in", "no appreciable change", "no appreciable change in", "no substantial change",
            "without change", "without interval change", "without significant change", "not changed",
            "not significantly changed", "no significant interval change", "no significant interval change in",
            "no definite change", "no definite interval change", "no interval increase", "no significant increase",
            "no increase", "no increase in", "no interval growth", "no growth", "not increased");
        Cue(PhraseKind.QuestionBefore, TemporalChange.None,
            "rule out", "r/o", "to rule out", "to exclude", "evaluate for", "evaluation for", "eval for", "assess for",
            "assessment for", "query");
        Cue(PhraseKind.HistoricalBefore, TemporalChange.None,
            "history of", "hx of", "h/o", "past history of", "prior history of", "known history of", "remote history of",
            "past medical history of", "previous history of", "personal history of", "treated for", "status post");

        // Names of protocols and examinations that contain a finding's abbreviation, such as "PE protocol CT".
        Cue(PhraseKind.Pseudo, TemporalChange.None,
            "pe protocol", "pe study", "pe ct", "ct pe", "pe exam", "pe workup", "pe work-up", "ptx protocol");
        Cue(PhraseKind.Pseudo, TemporalChange.None,
            "not only", "no further", "not necessarily", "gram negative", "not clear", "not well seen",
            "not well visualized", "not optimally", "not been", "no longer than");
        Cue(PhraseKind.Terminator, TemporalChange.None,
            "but", "however", "although", "though", "except", "except for", "aside from", "apart from", "which",
            "whereas", "yet", "with the exception of", "other than", "there is", "there are", "there has been",
            "there have been", "otherwise", "nevertheless", "still", "while", "and there is", "and there are");
        Cue(PhraseKind.Temporal, TemporalChange.New,
            "new", "newly", "interval development of", "interval appearance of", "developing", "new since");
        Cue(PhraseKind.Temporal, TemporalChange.Unchanged,
            "unchanged", "stable", "stably", "unchanged in size", "stable in size", "similar", "similar in size",
            "persistent", "persistently", "grossly stable", "grossly unchanged", "redemonstrated", "again seen",
            "again noted", "again demonstrated", "remains", "remain", "previously seen", "previously described",
            "previously noted");
        Cue(PhraseKind.Temporal, TemporalChange.Increased,
            "increased", "increasing", "increase", "enlarged since", "enlarging", "larger", "grown", "growing",
            "growth", "worsened", "worsening", "worse", "progressed", "progressing", "progression", "more prominent",
            "interval increase", "increased in size", "has increased", "has grown", "has enlarged");
        Cue(PhraseKind.Temporal, TemporalChange.Decreased,
            "decreased", "decreasing", "decrease", "smaller", "improved", "improving", "improvement", "regressed",
            "regression", "shrinking", "shrunk", "less prominent", "interval decrease", "decreased in size",
            "interval improvement", "interval improvement in", "partially resolved", "diminished", "reduced");
    }

    private static void Add(Dictionary<string, PhraseMeaning> table, string phrase, PhraseMeaning meaning)
    {
        // A phrase listed under two roles keeps the first, so findings and sites win over cues.
        table.TryAdd(phrase, meaning);
    }
}
