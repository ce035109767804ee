using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;
using FhirTask = Hl7.Fhir.Model.Task;

namespace RadAssist.Fhir.Writing;

/// <summary>
/// Builds the FHIR R4 transaction Bundle for a draft: DiagnosticReport, result Observations, the generator Device,
/// a Provenance naming the Device as author, and a Task and Communication per critical result.
/// </summary>
/// <remarks>
/// The shape follows the IHE Imaging Diagnostic Report profile where base R4 allows it. The report references the
/// study, the order (by accession number) and the results interpreter. It carries the impression as conclusion and
/// as a LOINC 19005-8 Observation, and comparison and recommendation as their own narrative Observations. Patient,
/// ImagingStudy, ServiceRequest and Practitioner are logical references by identifier, because the draft must not
/// create or change them on the server. Every created resource carries an identifier derived from the draft id
/// and is posted with <c>ifNoneExist</c>, so delivering the same bundle twice creates nothing new, except the
/// Provenance, which R4 gives no identifier.
/// </remarks>
internal sealed class DraftBundleBuilder
{
    private const string MillimetreCode = "mm";

    private readonly FhirOptions _options;

    public DraftBundleBuilder(FhirOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Builds the bundle of a draft, or of the signed report when a signature is given.</summary>
    public Bundle Build(DraftReport draft, ReportingContext context, ReportSignature? signature = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(context);

        var state = new BuildState(draft, context, signature, _options);
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };

        var deviceUrl = AddDevice(bundle, state);
        var reportUrl = state.UrlOf("DiagnosticReport");
        var observationUrls = AddObservations(bundle, state, deviceUrl);

        bundle.Entry.Add(CreateEntry(reportUrl, BuildReport(state, observationUrls), state.IdentifierQuery("DiagnosticReport")));
        var followUpUrls = AddCriticalResultFollowUp(bundle, state, reportUrl, deviceUrl);

        List<string> draftResources = [reportUrl, .. observationUrls, .. followUpUrls];
        bundle.Entry.Add(CreateEntry(state.UrlOf("Provenance/device"), BuildDeviceProvenance(state, draftResources, deviceUrl), null));
        if (signature is not null)
        {
            bundle.Entry.Add(CreateEntry(
                state.UrlOf("Provenance/signature"),
                BuildSignatureProvenance(state, signature, [reportUrl, .. observationUrls]),
                null));
        }

        return bundle;
    }

    /// <summary>Renders the plain text of a draft with the AI-draft banner, as carried in presentedForm.</summary>
    internal static string RenderText(DraftReport draft, bool signed)
    {
        var text = new StringBuilder();
        if (!signed)
        {
            text.Append(DraftReport.DraftBanner).Append("\n\n");
        }

        foreach (var section in draft.Sections)
        {
            if (section.Sentences.Count == 0)
            {
                continue;
            }

            text.Append(section.Title).Append(":\n");
            text.AppendJoin(' ', section.Sentences.Select(s => s.Text)).Append("\n\n");
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static string AddDevice(Bundle bundle, BuildState state)
    {
        var generator = state.Draft.Generator;
        var url = DeterministicUuid.Urn($"radassist:device:{generator.Id}|{generator.Version}|{generator.ModelId}|{generator.ModelVersion}");
        var device = new Device
        {
            Identifier = [new Identifier(FhirCodes.UriIdentifierSystem, url)],
            Status = Device.FHIRDeviceStatus.Active,
            Type = new CodeableConcept { Text = "AI report draft generator" },
        };

        if (generator.ModelId is not null)
        {
            device.DeviceName.Add(new Device.DeviceNameComponent { Name = generator.ModelId, Type = DeviceNameType.ModelName });
        }

        device.DeviceName.Add(new Device.DeviceNameComponent { Name = generator.Id, Type = DeviceNameType.Other });
        AddVersion(device, "generator", generator.Version);
        AddVersion(device, "model", generator.ModelVersion);
        AddVersion(device, "prompt", generator.PromptVersion);

        bundle.Entry.Add(CreateEntry(url, device, IdentifierQuery(FhirCodes.UriIdentifierSystem, url)));
        return url;
    }

    private static void AddVersion(Device device, string kind, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            device.Version.Add(new Device.VersionComponent { Type = new CodeableConcept { Text = kind }, Value = value });
        }
    }

    private static List<string> AddObservations(Bundle bundle, BuildState state, string deviceUrl)
    {
        List<string> urls = [];

        foreach (var section in state.Draft.Sections)
        {
            var code = FhirCodes.SectionCode(section.Kind);
            if (code is null || section.Sentences.Count == 0)
            {
                continue;
            }

            var key = "Observation/section/" + section.Kind.ToString();
            var observation = state.NewObservation(key, new CodeableConcept { Coding = [code], Text = section.Title }, deviceUrl);
            observation.Value = new FhirString(string.Join(' ', section.Sentences.Select(s => s.Text)));
            urls.Add(AddObservation(bundle, state, key, observation));
        }

        for (var findingIndex = 0; findingIndex < state.Draft.Findings.Count; findingIndex++)
        {
            var finding = state.Draft.Findings[findingIndex];
            for (var measurementIndex = 0; measurementIndex < finding.Measurements.Count; measurementIndex++)
            {
                var measurement = finding.Measurements[measurementIndex];
                if (measurement.ValuesMm.Count == 0)
                {
                    continue;
                }

                var key = string.Create(CultureInfo.InvariantCulture, $"Observation/measurement/{findingIndex}/{measurementIndex}");
                urls.Add(AddObservation(bundle, state, key, BuildMeasurement(state, key, finding, measurement, deviceUrl)));
            }
        }

        for (var index = 0; index < state.Draft.Categories.Count; index++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"Observation/category/{index}");
            urls.Add(AddObservation(bundle, state, key, BuildCategory(state, key, state.Draft.Categories[index], deviceUrl)));
        }

        return urls;
    }

    private static string AddObservation(Bundle bundle, BuildState state, string key, Observation observation)
    {
        var url = state.UrlOf(key);
        bundle.Entry.Add(CreateEntry(url, observation, state.IdentifierQuery(key)));
        return url;
    }

    private static Observation BuildMeasurement(
        BuildState state,
        string key,
        Finding finding,
        Measurement measurement,
        string deviceUrl)
    {
        var name = measurement.IsPrior ? $"{finding.Type} size on prior exam" : $"{finding.Type} size";
        var observation = state.NewObservation(key, FhirCodes.Length(name), deviceUrl);

        if (measurement.IsRange && measurement.ValuesMm.Count == 2)
        {
            observation.Value = new Hl7.Fhir.Model.Range
            {
                Low = Millimetres(measurement.ValuesMm[0]),
                High = Millimetres(measurement.ValuesMm[1]),
            };
        }
        else
        {
            observation.Value = Millimetres(measurement.LongestMm);
            if (measurement.ValuesMm.Count > 1)
            {
                for (var dimension = 0; dimension < measurement.ValuesMm.Count; dimension++)
                {
                    observation.Component.Add(new Observation.ComponentComponent
                    {
                        // Text only: a component coded like the Observation itself breaks invariant obs-7.
                        Code = new CodeableConcept
                        {
                            Text = string.Create(CultureInfo.InvariantCulture, $"dimension {dimension + 1}"),
                        },
                        Value = Millimetres(measurement.ValuesMm[dimension]),
                    });
                }
            }
        }

        var site = BodySiteText(finding);
        if (site is not null)
        {
            observation.BodySite = new CodeableConcept { Text = site };
        }

        observation.Note.Add(new Annotation { Text = new Markdown($"As written: {measurement.Text}") });
        return observation;
    }

    /// <summary>
    /// Creates a UCUM millimetre Quantity. The value is the measurement's decimal as it is, so its scale ("12.0")
    /// reaches the JSON unchanged; no binary floating point is involved.
    /// </summary>
    internal static Quantity Millimetres(decimal value) => new()
    {
        Value = value,
        Unit = MillimetreCode,
        System = FhirCodes.Ucum,
        Code = MillimetreCode,
    };

    private static string? BodySiteText(Finding finding)
    {
        var laterality = finding.Laterality switch
        {
            Laterality.Left => "left",
            Laterality.Right => "right",
            Laterality.Bilateral => "bilateral",
            _ => null,
        };

        if (finding.Site is null)
        {
            return laterality;
        }

        if (laterality is null || finding.Site.Contains(laterality, StringComparison.OrdinalIgnoreCase))
        {
            return finding.Site;
        }

        return laterality + " " + finding.Site;
    }

    private static Observation BuildCategory(BuildState state, string key, CategoryAssessment category, string deviceUrl)
    {
        var observation = state.NewObservation(key, new CodeableConcept { Text = category.System }, deviceUrl);
        observation.Value = new CodeableConcept { Text = category.Category };

        foreach (var (label, text) in new[]
                 {
                     ("Description", category.Description),
                     ("Management", category.Management),
                     ("Basis", category.Basis),
                 })
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                observation.Note.Add(new Annotation { Text = new Markdown($"{label}: {text}") });
            }
        }

        return observation;
    }

    private static DiagnosticReport BuildReport(BuildState state, List<string> observationUrls)
    {
        var draft = state.Draft;
        var report = new DiagnosticReport
        {
            Identifier = [state.IdentifierOf("DiagnosticReport")],
            Status = state.Signature is null
                ? DiagnosticReport.DiagnosticReportStatus.Preliminary
                : DiagnosticReport.DiagnosticReportStatus.Final,
            Category = [FhirCodes.RadiologyCategory()],
            Code = FhirCodes.ImagingReportCode(state.Context.Study.Description),
            Subject = state.PatientReference,
            Effective = state.StudyDate,
            Issued = state.Signature?.SignedAt ?? draft.CreatedAt,
            Result = [.. observationUrls.Select(url => new ResourceReference(url))],
        };

        if (state.OrderReference is not null)
        {
            report.BasedOn.Add(state.OrderReference);
        }

        if (state.StudyReference is not null)
        {
            report.ImagingStudy.Add(state.StudyReference);
        }

        if (state.InterpreterReference is not null)
        {
            report.ResultsInterpreter.Add(state.InterpreterReference);
        }

        var impression = draft.GetSection(DraftSectionKind.Impression);
        if (impression is { Sentences.Count: > 0 })
        {
            report.Conclusion = string.Join(' ', impression.Sentences.Select(s => s.Text));
        }

        var conclusionCodes = draft.Findings
            .Where(finding => finding.Code is not null && !finding.Negated)
            .DistinctBy(finding => (finding.Code!.Scheme, finding.Code.Value));
        foreach (var finding in conclusionCodes)
        {
            report.ConclusionCode.Add(new CodeableConcept { Coding = [FhirCodes.ToCoding(finding.Code!)], Text = finding.Type });
        }

        report.PresentedForm.Add(new Attachment
        {
            ContentType = "text/plain; charset=utf-8",
            Data = Encoding.UTF8.GetBytes(RenderText(draft, state.Signature is not null)),
            Title = state.Signature is null ? "AI draft report (preliminary, not reviewed)" : "Signed report",
            Creation = new FhirDateTime(draft.CreatedAt).Value,
        });

        return report;
    }

    private static List<string> AddCriticalResultFollowUp(Bundle bundle, BuildState state, string reportUrl, string deviceUrl)
    {
        List<string> urls = [];

        for (var index = 0; index < state.Draft.CriticalResults.Count; index++)
        {
            var critical = state.Draft.CriticalResults[index];
            var taskKey = string.Create(CultureInfo.InvariantCulture, $"Task/critical/{index}");
            var communicationKey = string.Create(CultureInfo.InvariantCulture, $"Communication/critical/{index}");
            var taskUrl = state.UrlOf(taskKey);
            var communicationUrl = state.UrlOf(communicationKey);
            var priority = critical.Urgency switch
            {
                CriticalUrgency.Emergent => RequestPriority.Stat,
                CriticalUrgency.Urgent => RequestPriority.Urgent,
                _ => RequestPriority.Routine,
            };

            var task = new FhirTask
            {
                Identifier = [state.IdentifierOf(taskKey)],
                Status = FhirTask.TaskStatus.Requested,
                Intent = FhirTask.TaskIntent.Order,
                Priority = priority,
                Code = new CodeableConcept { Text = "Communicate critical result" },
                Description = $"Communicate the critical result '{critical.Term}' to the referring clinician.",
                Focus = new ResourceReference(reportUrl),
                For = state.PatientReference,
                AuthoredOn = new FhirDateTime(state.Draft.CreatedAt).Value,
                Requester = new ResourceReference(deviceUrl),
                Owner = state.InterpreterReference,
                ReasonCode = new CodeableConcept { Text = critical.Term },
            };

            var communication = new Communication
            {
                Identifier = [state.IdentifierOf(communicationKey)],
                Status = EventStatus.Preparation,
                Category = [new CodeableConcept(FhirCodes.CommunicationCategory, "alert", "Alert")],
                Priority = priority,
                Subject = state.PatientReference,
                About = [new ResourceReference(reportUrl)],
                PartOf = [new ResourceReference(taskUrl)],
                Payload = [new Communication.PayloadComponent { Content = new FhirString(critical.Sentence) }],
            };

            bundle.Entry.Add(CreateEntry(taskUrl, task, state.IdentifierQuery(taskKey)));
            bundle.Entry.Add(CreateEntry(communicationUrl, communication, state.IdentifierQuery(communicationKey)));
            urls.Add(taskUrl);
            urls.Add(communicationUrl);
        }

        return urls;
    }

    private static Provenance BuildDeviceProvenance(BuildState state, List<string> targets, string deviceUrl)
    {
        var provenance = new Provenance
        {
            Target = [.. targets.Select(url => new ResourceReference(url))],
            Recorded = state.Draft.CreatedAt,
            Activity = new CodeableConcept(FhirCodes.DataOperation, "CREATE", "create"),
            Agent =
            [
                new Provenance.AgentComponent
                {
                    Type = new CodeableConcept(FhirCodes.ProvenanceParticipantType, "author", "Author"),
                    Who = new ResourceReference(deviceUrl),
                },
            ],
        };

        if (state.StudyReference is not null)
        {
            provenance.Entity.Add(new Provenance.EntityComponent
            {
                Role = Provenance.ProvenanceEntityRole.Source,
                What = state.StudyReference,
            });
        }

        return provenance;
    }

    private static Provenance BuildSignatureProvenance(BuildState state, ReportSignature signature, List<string> targets)
    {
        var signer = state.RadiologistReference(signature.RadiologistId, signature.Display);
        return new Provenance
        {
            Target = [.. targets.Select(url => new ResourceReference(url))],
            Recorded = signature.SignedAt,
            Activity = new CodeableConcept(FhirCodes.DataOperation, "UPDATE", "revise"),
            Agent =
            [
                new Provenance.AgentComponent
                {
                    Type = new CodeableConcept(FhirCodes.ProvenanceParticipantType, "attester", "Attester"),
                    Who = signer,
                },
            ],
            Signature =
            [
                new Signature
                {
                    Type = [new Coding(FhirCodes.SignatureType, "1.2.840.10065.1.12.1.1", "Author's Signature")],
                    When = signature.SignedAt,
                    Who = signer,
                },
            ],
        };
    }

    private static Bundle.EntryComponent CreateEntry(string fullUrl, Resource resource, string? ifNoneExist) => new()
    {
        FullUrl = fullUrl,
        Resource = resource,
        Request = new Bundle.RequestComponent
        {
            Method = Bundle.HTTPVerb.POST,
            Url = resource.TypeName,
            IfNoneExist = ifNoneExist,
        },
    };

    internal static string IdentifierQuery(string system, string value) =>
        "identifier=" + Uri.EscapeDataString(system + "|" + value);

    /// <summary>The draft, its context and the references every resource of one bundle shares.</summary>
    private sealed class BuildState
    {
        private readonly FhirOptions _options;

        public BuildState(DraftReport draft, ReportingContext context, ReportSignature? signature, FhirOptions options)
        {
            Draft = draft;
            Context = context;
            Signature = signature;
            _options = options;

            var patientId = context.Patient.PatientId ?? context.Event.PatientId;
            if (!string.IsNullOrWhiteSpace(patientId))
            {
                PatientReference = new ResourceReference
                {
                    Type = "Patient",
                    Identifier = new Identifier(options.PatientIdentifierSystem, patientId),
                };
            }

            var studyUid = draft.StudyInstanceUid ?? context.Study.StudyInstanceUid;
            if (!string.IsNullOrWhiteSpace(studyUid))
            {
                StudyReference = new ResourceReference
                {
                    Type = "ImagingStudy",
                    Identifier = new Identifier(FhirCodes.DicomUidSystem, "urn:oid:" + studyUid),
                };
            }

            var accession = draft.AccessionNumber ?? context.Study.AccessionNumber;
            if (!string.IsNullOrWhiteSpace(accession))
            {
                var identifier = new Identifier(options.AccessionNumberSystem, accession)
                {
                    Type = new CodeableConcept(FhirCodes.IdentifierType, "ACSN", "Accession ID"),
                };
                OrderReference = new ResourceReference { Type = "ServiceRequest", Identifier = identifier };
            }

            var radiologist = context.Radiologist;
            if (radiologist is not null && !string.IsNullOrWhiteSpace(radiologist.Id))
            {
                InterpreterReference = RadiologistReference(radiologist.Id, null);
            }

            if (context.Study.StudyDate is { } date)
            {
                StudyDate = new FhirDateTime(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }

        public DraftReport Draft { get; }

        public ReportingContext Context { get; }

        public ReportSignature? Signature { get; }

        public ResourceReference? PatientReference { get; }

        public ResourceReference? StudyReference { get; }

        public ResourceReference? OrderReference { get; }

        public ResourceReference? InterpreterReference { get; }

        public FhirDateTime? StudyDate { get; }

        public ResourceReference RadiologistReference(string id, string? display) => new()
        {
            Type = "Practitioner",
            Identifier = new Identifier(_options.RadiologistIdentifierSystem, id),
            Display = display,
        };

        public string UrlOf(string key) => DeterministicUuid.Urn($"radassist:{Draft.DraftId}:{key}");

        public Identifier IdentifierOf(string key) => new(FhirCodes.UriIdentifierSystem, UrlOf(key));

        public string IdentifierQuery(string key) => DraftBundleBuilder.IdentifierQuery(FhirCodes.UriIdentifierSystem, UrlOf(key));

        public Observation NewObservation(string key, CodeableConcept code, string deviceUrl)
        {
            var observation = new Observation
            {
                Identifier = [IdentifierOf(key)],
                Status = Signature is null ? ObservationStatus.Preliminary : ObservationStatus.Final,
                Category = [FhirCodes.ImagingObservationCategory()],
                Code = code,
                Subject = PatientReference,
                Effective = StudyDate,
                Issued = Signature?.SignedAt ?? Draft.CreatedAt,
                Device = new ResourceReference(deviceUrl),
            };

            if (StudyReference is not null)
            {
                observation.DerivedFrom.Add(StudyReference);
            }

            return observation;
        }
    }
}
