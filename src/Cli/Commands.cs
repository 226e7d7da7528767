using System.Globalization;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;
using ModelOps.Cli.Client;
using ModelOps.Cli.Client.Models;

namespace ModelOps.Cli;

/// <summary>One invocation: the command line, the generated client, where output goes.</summary>
public sealed record CommandRun(CommandLine Line, PortalClient Portal, CliContext Context, Uri PortalUrl);

public sealed record Command(string Name, Func<CommandRun, CancellationToken, Task<int>> RunAsync);

/// <summary>The commands. Each reads its options, calls the portal through the generated client and prints the answer.</summary>
public static class Commands
{
    private static readonly Command[] All =
    [
        new("login", LoginAsync),
        new("register-model", RegisterModelAsync),
        new("register-version", RegisterVersionAsync),
        new("metrics", MetricsAsync),
        new("baseline", BaselineAsync),
        new("evaluate", EvaluateAsync),
        new("evaluate-summary", EvaluateSummaryAsync),
        new("request", RequestAsync),
        new("wait", WaitAsync),
        new("champion", ChampionAsync),
    ];

    public static Command? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    private static async Task<int> LoginAsync(CommandRun run, CancellationToken ct)
    {
        var keyVariable = run.Line.Optional("api-key-env") ?? CliApp.KeyVariable;
        run.Line.ThrowIfUnknown();
        var me = await run.Portal.Api.Me.GetAsync(cancellationToken: ct);
        run.Context.Config.Write(run.PortalUrl.ToString(), keyVariable);
        return await PrintAsync(run, me, $"Signed in to {run.PortalUrl} as {me?.Name} ({string.Join(", ", me?.Roles ?? [])}); saved in {run.Context.Config.Path}.");
    }

    private static async Task<int> RegisterModelAsync(CommandRun run, CancellationToken ct)
    {
        var input = await ParseAsync(InputFiles.ReadObject(run.Line.Required("file")), ModelInput.CreateFromDiscriminatorValue);
        var key = IdempotencyKey(run);
        run.Line.ThrowIfUnknown();
        var model = await run.Portal.Api.Models.PostAsync(input, r => Keyed(r, key), ct);
        return await PrintAsync(run, model, Invariant($"Registered model {model?.Id}: {model?.Name}"));
    }

    private static async Task<int> RegisterVersionAsync(CommandRun run, CancellationToken ct)
    {
        var modelId = await ModelIdAsync(run, ct);
        var description = InputFiles.ReadObject(run.Line.Required("file"));
        if (run.Line.Optional("artifact") is { } artifact)
        {
            description["artifactSha256"] = InputFiles.Sha256(artifact);
        }

        var key = IdempotencyKey(run);
        run.Line.ThrowIfUnknown();
        var input = await ParseAsync(description, VersionInput.CreateFromDiscriminatorValue);
        var version = await run.Portal.Api.Models[modelId].Versions.PostAsync(input, r => Keyed(r, key), ct);
        return await PrintAsync(run, version, Invariant($"Registered {version?.ModelName} v{version?.Number} (artifact SHA-256 {version?.ArtifactSha256})"));
    }

    private static async Task<int> MetricsAsync(CommandRun run, CancellationToken ct)
    {
        var modelId = await ModelIdAsync(run, ct);
        var version = await VersionAsync(run, modelId, ct);
        var metrics = new List<TrainingMetricInput>();
        foreach (var text in run.Line.Required("metric").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            metrics.Add(Metric(text));
        }

        var key = IdempotencyKey(run);
        run.Line.ThrowIfUnknown();
        var recorded = await run.Portal.Api.Models[modelId].Versions[version].Metrics.PostAsync(new TrainingMetricsInput { Metrics = metrics }, r => Keyed(r, key), ct);
        return await PrintAsync(run, recorded, Invariant($"v{version} has {recorded?.Count} training-time figures."));
    }

    private static async Task<int> BaselineAsync(CommandRun run, CancellationToken ct)
    {
        var modelId = await ModelIdAsync(run, ct);
        var version = await VersionAsync(run, modelId, ct);
        var path = run.Line.Required("file");
        var key = IdempotencyKey(run);
        run.Line.ThrowIfUnknown();
        await using var body = Upload(run, path);
        var baseline = await run.Portal.Api.Models[modelId].Versions[version].Baseline.PostAsync(body, ContentType(path), r => Keyed(r, key), ct);
        return await PrintAsync(run, baseline, Invariant($"Baseline of v{version}: {baseline?.RowCount} rows."));
    }

    private static async Task<int> EvaluateAsync(CommandRun run, CancellationToken ct)
    {
        var modelId = await ModelIdAsync(run, ct);
        var version = await VersionAsync(run, modelId, ct);
        int? challenger = run.Line.Optional("challenger") is { } c ? await VersionAsync(run, modelId, c, ct) : null;
        var (start, end, name) = (run.Line.OptionalDate("period-start"), run.Line.OptionalDate("period-end"), run.Line.Optional("name"));
        var path = run.Line.Required("file");
        var key = IdempotencyKey(run);
        run.Line.ThrowIfUnknown();
        await using var body = Upload(run, path);
        var result = await run.Portal.Api.Models[modelId].Evaluations.PostAsync(body, ContentType(path), r =>
        {
            Keyed(r, key);
            r.QueryParameters.Version = version;
            r.QueryParameters.Challenger = challenger;
            r.QueryParameters.PeriodStart = start is { } s ? new Microsoft.Kiota.Abstractions.Date(s.ToDateTime(TimeOnly.MinValue)) : null;
            r.QueryParameters.PeriodEnd = end is { } e ? new Microsoft.Kiota.Abstractions.Date(e.ToDateTime(TimeOnly.MinValue)) : null;
            r.QueryParameters.Name = name;
        }, ct);
        var alerts = result?.Alerts?.Count ?? 0;
        return await PrintAsync(run, result, Invariant($"Evaluation {result?.Id} ({result?.RowCount} rows): {Summary(result)}; {alerts} alert(s) raised."));
    }

    /// <summary>
    /// Evaluates a batch where it lives: asks the portal for the DuckDB summary query, runs it here over the files
    /// (out of core), and uploads only the result set (issue #18).
    /// </summary>
    private static async Task<int> EvaluateSummaryAsync(CommandRun run, CancellationToken ct)
    {
        var modelId = await ModelIdAsync(run, ct);
        var version = await VersionAsync(run, modelId, ct);
        int? challenger = run.Line.Optional("challenger") is { } c ? await VersionAsync(run, modelId, c, ct) : null;
        var (start, end, name) = (run.Line.OptionalDate("period-start"), run.Line.OptionalDate("period-end"), run.Line.Optional("name"));
        var precision = run.Line.OptionalNumber("precision");
        var source = run.Line.Required("source");
        var memory = run.Line.Optional("memory-limit");
        var key = IdempotencyKey(run);
        run.Line.ThrowIfUnknown();
        var query = await run.Portal.Api.Models[modelId].Evaluations.SummaryQuery.GetAsync(r =>
        {
            r.QueryParameters.Version = version;
            r.QueryParameters.Challenger = challenger;
            r.QueryParameters.Dialect = SummaryDialect.Duckdb;
            r.QueryParameters.Source = LocalSummary.View;
            r.QueryParameters.Precision = precision;
        }, ct);
        var local = await LocalSummary.RunAsync(source, query?.Sql ?? throw new UsageException("The portal sent no query."), memory, ct);
        try
        {
            if (!run.Line.Json)
            {
                await run.Context.Error.WriteLineAsync(Invariant($"Summary of {source} computed here in {local.Elapsed.TotalSeconds:0.0} s ({local.Bytes:N0} bytes); uploading it."));
            }

            await using var body = Upload(run, local.CsvPath);
            var result = await run.Portal.Api.Models[modelId].Evaluations.Summary.PostAsync(body, r =>
            {
                Keyed(r, key);
                r.QueryParameters.Version = version;
                r.QueryParameters.Challenger = challenger;
                r.QueryParameters.Precision = precision;
                r.QueryParameters.PeriodStart = start is { } s ? new Microsoft.Kiota.Abstractions.Date(s.ToDateTime(TimeOnly.MinValue)) : null;
                r.QueryParameters.PeriodEnd = end is { } e ? new Microsoft.Kiota.Abstractions.Date(e.ToDateTime(TimeOnly.MinValue)) : null;
                r.QueryParameters.Name = name;
            }, ct);
            var alerts = result?.Alerts?.Count ?? 0;
            return await PrintAsync(run, result, Invariant(
                $"Evaluation {result?.Id} ({result?.RowCount} rows, from a summary at {result?.SummaryPrecision} decimals): {Summary(result)}; {alerts} alert(s) raised."));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(local.CsvPath)!, recursive: true);
        }
    }

    private static async Task<int> RequestAsync(CommandRun run, CancellationToken ct)
    {
        var modelId = await ModelIdAsync(run, ct);
        var version = await VersionAsync(run, modelId, ct);
        var input = new RequestInput
        {
            Kind = Word<RequestInput_kind>(run.Line.Required("kind"), "kind"),
            Justification = run.Line.Required("justification"),
            Role = run.Line.Optional("role") is { } role ? Word<RequestInput_role>(role, "role") : null,
            PreviousChampion = run.Line.Optional("previous-champion") is { } fate ? Word<RequestInput_previousChampion>(fate, "previous-champion") : null,
            Successor = run.Line.OptionalNumber("successor"),
            AcceptNoChampion = run.Line.Flag("accept-no-champion") ? true : null,
        };
        var wait = run.Line.Flag("wait");
        var timeout = Timeout(run);
        var key = IdempotencyKey(run);
        run.Line.ThrowIfUnknown();
        var request = await run.Portal.Api.Models[modelId].Versions[version].Requests.PostAsync(input, r => Keyed(r, key), ct);
        if (wait && request?.Id is int id)
        {
            if (!run.Line.Json)
            {
                await run.Context.Error.WriteLineAsync(Invariant($"Request {id} filed: {request.Kind} of v{request.Version}; waiting for the validators."));
            }

            return await AwaitAsync(run, id, timeout, ct);
        }

        return await PrintAsync(run, request, Invariant($"Request {request?.Id}: {request?.Kind} of v{request?.Version}, {request?.Status}; wait for it with: modelops wait --request {request?.Id}"));
    }

    private static async Task<int> WaitAsync(CommandRun run, CancellationToken ct)
    {
        var id = run.Line.OptionalNumber("request") ?? throw new UsageException("wait needs --request.");
        var timeout = Timeout(run);
        run.Line.ThrowIfUnknown();
        return await AwaitAsync(run, id, timeout, ct);
    }

    /// <summary>
    /// --idempotency-key: the same key again (a re-run after a lost answer) gets the first answer back instead of storing
    /// the upload, version or request twice (the portal keeps keys for a day).
    /// </summary>
    private static string? IdempotencyKey(CommandRun run) => run.Line.Optional("idempotency-key");

    private static void Keyed<T>(Microsoft.Kiota.Abstractions.RequestConfiguration<T> request, string? key)
        where T : class, new()
    {
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
    }

    private static TimeSpan Timeout(CommandRun run) => TimeSpan.FromSeconds(run.Line.OptionalNumber("timeout") ?? 3600);

    /// <summary>Long polls (60 s at a time) until the request is decided or the timeout passes; the exit code says how it ended.</summary>
    private static async Task<int> AwaitAsync(CommandRun run, int id, TimeSpan timeout, CancellationToken ct)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        RequestView? request;
        do
        {
            var left = (int)Math.Clamp((timeout - waited.Elapsed).TotalSeconds, 0, 60);
            request = await run.Portal.Api.Requests[id].GetAsync(r => r.QueryParameters.WaitSeconds = left, ct);
            if (request?.Status is RequestStatus.Open && !run.Line.Json)
            {
                await run.Context.Error.WriteLineAsync(Invariant($"Request {id} is still open ({request.Approvals} of {request.ApprovalsRequired} approvals) after {waited.Elapsed.TotalSeconds:0} s."));
            }
        }
        while (request?.Status is RequestStatus.Open && waited.Elapsed < timeout);

        var code = request?.Status switch
        {
            RequestStatus.Approved => ExitCode.Ok,
            RequestStatus.Open => ExitCode.StillOpen,
            _ => ExitCode.Rejected,
        };
        await PrintAsync(run, request, Invariant($"Request {id}: {request?.Status}{Decisions(request)}"));
        return code;
    }

    private static async Task<int> ChampionAsync(CommandRun run, CancellationToken ct)
    {
        var modelId = await ModelIdAsync(run, ct);
        run.Line.ThrowIfUnknown();
        var champion = await run.Portal.Api.Models[modelId].Versions.Champion.GetAsync(cancellationToken: ct);
        return await PrintAsync(run, champion, Invariant($"{champion?.ModelName} v{champion?.Number}\n{champion?.ArtifactUri}\nsha256:{champion?.ArtifactSha256}"));
    }

    /// <summary>--model as an id, or an exact name looked up on the portal.</summary>
    private static async Task<int> ModelIdAsync(CommandRun run, CancellationToken ct)
    {
        var model = run.Line.Required("model");
        if (int.TryParse(model, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        var found = await run.Portal.Api.Models.ByName.GetAsync(r => r.QueryParameters.Name = model, ct);
        return found?.Id ?? throw new UsageException($"The portal did not say which model '{model}' is.");
    }

    private static Task<int> VersionAsync(CommandRun run, int modelId, CancellationToken ct) =>
        VersionAsync(run, modelId, run.Line.Required("version"), ct);

    /// <summary>A version number, or champion / latest as the portal resolves them now.</summary>
    private static async Task<int> VersionAsync(CommandRun run, int modelId, string version, CancellationToken ct)
    {
        if (int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var versions = run.Portal.Api.Models[modelId].Versions;
        var resolved = version switch
        {
            "champion" => await versions.Champion.GetAsync(cancellationToken: ct),
            "latest" => await versions.Latest.GetAsync(cancellationToken: ct),
            _ => throw new UsageException($"'{version}' is not a version: give its number, champion or latest."),
        };
        return resolved?.Number ?? throw new UsageException($"The portal did not say which version {version} is.");
    }

    private static TrainingMetricInput Metric(string text)
    {
        // name:split=value, for example auc:validation=0.812
        var (colon, equals) = (text.IndexOf(':', StringComparison.Ordinal), text.LastIndexOf('='));
        if (colon <= 0 || equals < colon || !double.TryParse(text[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new UsageException($"--metric '{text}' must read name:split=value, for example auc:validation=0.812.");
        }

        return new TrainingMetricInput { Name = text[..colon], Split = Word<DatasetSplit>(text[(colon + 1)..equals], "metric split"), Value = value };
    }

    /// <summary>A word of the API (a request kind, a role, a split) as the generated enum; the message lists the words.</summary>
    private static T Word<T>(string text, string option)
        where T : struct, Enum
    {
        var words = Enum.GetValues<T>().Select(value => (Value: value, Wire: typeof(T).GetField(value.ToString())!
            .GetCustomAttributes(typeof(System.Runtime.Serialization.EnumMemberAttribute), false)
            is [System.Runtime.Serialization.EnumMemberAttribute { Value: { } named }, ..] ? named : value.ToString())).ToList();
        return words.Find(w => string.Equals(w.Wire, text, StringComparison.Ordinal)) is { Wire: not null } word
            ? word.Value
            : throw new UsageException($"--{option} '{text}' is not one of {string.Join(", ", words.Select(w => w.Wire))}.");
    }

    private static UploadProgress Upload(CommandRun run, string path) =>
        new(InputFiles.Open(path), Path.GetFileName(path), run.Line.Json ? TextWriter.Null : run.Context.Error);

    private static string ContentType(string path) =>
        Path.GetExtension(path).ToLowerInvariant() == ".parquet" ? "application/vnd.apache.parquet" : "text/csv";

    private static async Task<T> ParseAsync<T>(System.Text.Json.Nodes.JsonObject json, ParsableFactory<T> factory)
        where T : IParsable =>
        await KiotaJsonSerializer.DeserializeAsync(json.ToJsonString(), factory) ?? throw new UsageException("The file describes nothing.");

    /// <summary>Prints the answer: as the portal's JSON with --json, else the line for people.</summary>
    private static async Task<int> PrintAsync<T>(CommandRun run, T? answer, string human)
        where T : IParsable
    {
        await run.Context.Out.WriteLineAsync(run.Line.Json && answer is not null ? await KiotaJsonSerializer.SerializeAsStringAsync(answer) : human);
        return ExitCode.Ok;
    }

    private static Task<int> PrintAsync<T>(CommandRun run, List<T>? answer, string human)
        where T : IParsable =>
        run.Line.Json && answer is not null
            ? Write(run, KiotaJsonSerializer.SerializeAsStringAsync(answer))
            : Write(run, Task.FromResult(human));

    private static async Task<int> Write(CommandRun run, Task<string> text)
    {
        await run.Context.Out.WriteLineAsync(await text);
        return ExitCode.Ok;
    }

    /// <summary>The monitored version's headline figure (AUC, or RMSE for regression), read from the answer's versions map.</summary>
    private static string Summary(EvaluationResult? result)
    {
        var key = result?.Version?.ToString(CultureInfo.InvariantCulture) ?? "";
        if (result?.Versions?.AdditionalData is not { } versions || !versions.TryGetValue(key, out var metrics) || metrics is not UntypedObject figures)
        {
            return "no metrics";
        }

        var values = figures.GetValue();
        UntypedNode? Of(string metric) => values.TryGetValue(metric, out var node) ? node : null;
        return Number(Of("auc")) is double auc ? Invariant($"v{key} AUC {auc:0.####}")
            : Number(Of("rmse")) is double rmse ? Invariant($"v{key} RMSE {rmse:0.####}")
            : Invariant($"v{key} scored");
    }

    private static double? Number(UntypedNode? node) => node switch
    {
        UntypedDouble d => d.GetValue(),
        UntypedDecimal m => (double)m.GetValue(),
        UntypedFloat f => f.GetValue(),
        UntypedLong l => l.GetValue(),
        UntypedInteger i => i.GetValue(),
        _ => null,
    };

    private static string Decisions(RequestView? request) =>
        request?.Decisions is { Count: > 0 } decisions ? " (" + string.Join("; ", decisions.Select(d => $"{d.Kind} by {d.Decider}: {d.Comment}")) + ")" : "";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
