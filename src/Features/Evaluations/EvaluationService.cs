using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Evaluations.Engine;
using ModelOpsPortal.Infrastructure;
using ModelOpsPortal.Infrastructure.Csv;
using ModelOpsPortal.Infrastructure.Data;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>
/// Baselines and evaluations: reads a CSV batch row by row, checks every value (errors name the line and the
/// column), runs the engine, and stores only the results. Nothing is written unless the whole batch is valid.
/// </summary>
public sealed class EvaluationService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <returns>The stored profile, or null when the model or version does not exist.</returns>
    public async Task<BaselineSummary?> UploadBaselineAsync(int modelId, int versionNumber, Stream csv, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var version = await db.Versions.Include(v => v.Features).SingleOrDefaultAsync(v => v.ModelId == modelId && v.Number == versionNumber, ct);
        if (version is null)
        {
            return null;
        }

        var batch = await Batch.ReadAsync(csv, version.Features, sensitive: [], requireScore: false, binary: false, ct);
        var baseline = new Baseline { VersionId = version.Id, RowCount = batch.Rows, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = actor };
        foreach (var (name, values) in batch.Numeric)
        {
            var profile = NumericBaseline.From(CollectionsMarshal.AsSpan(values));
            baseline.Features.Add(new BaselineFeature
            {
                Name = name,
                Type = FeatureType.Numeric,
                EdgesJson = JsonSerializer.Serialize(profile.Edges),
                SortedValues = MemoryMarshal.AsBytes(profile.SortedValues.AsSpan()).ToArray(),
            });
        }

        foreach (var (name, values) in batch.Categorical)
        {
            baseline.Features.Add(new BaselineFeature
            {
                Name = name,
                Type = FeatureType.Categorical,
                CategoriesJson = JsonSerializer.Serialize(CategoricalBaseline.From(values).Proportions),
            });
        }

        // A new baseline replaces the old one, in one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Baselines.Where(b => b.VersionId == version.Id).ExecuteDeleteAsync(ct);
        db.Baselines.Add(baseline);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new BaselineSummary(versionNumber, batch.Rows, [.. batch.Numeric.Keys], [.. batch.Categorical.Keys], baseline.CreatedAt, actor);
    }

    /// <returns>The stored evaluation, or null when the model does not exist.</returns>
    public async Task<EvaluationResult?> EvaluateAsync(int modelId, EvaluationRequest request, Stream csv, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().Include(m => m.Versions).ThenInclude(v => v.Features).SingleOrDefaultAsync(m => m.Id == modelId, ct);
        if (model is null)
        {
            return null;
        }

        var version = model.Versions.SingleOrDefault(v => v.Number == request.Version)
            ?? throw InputRejectedException.For("version", EvaluationMessages.Format(EvaluationMessages.UnknownVersion, request.Version, model.Name));
        if (request.Challenger is int challenger && model.Versions.All(v => v.Number != challenger))
        {
            throw InputRejectedException.For("challenger", EvaluationMessages.Format(EvaluationMessages.UnknownVersion, challenger, model.Name));
        }

        var binary = model.ModelType == ModelType.BinaryClassification;
        var batch = await Batch.ReadAsync(csv, version.Features, model.SensitiveAttributes, requireScore: true, binary, ct);
        if (batch.Challenger is not null && request.Challenger is null)
        {
            throw InputRejectedException.For("challenger", EvaluationMessages.ChallengerNotNamed);
        }

        var drift = await DriftAsync(db, version.Id, batch, ct);
        var findings = new EvaluationFindings(
            Versions: Metrics(batch, request, binary),
            Drift: drift,
            DriftUnavailable: drift is null ? EvaluationMessages.NoBaseline : null,
            Comparison: binary && batch.Labels is not null && batch.Challenger is not null ? Compare(batch) : null,
            Fairness: binary && batch.Labels is not null && batch.Sensitive.Count > 0
                ? batch.Sensitive.ToDictionary(s => s.Key, s => AttributeFairness.Compute(s.Value, CollectionsMarshal.AsSpan(batch.Scores), batch.LabelSpan))
                : null);

        var evaluation = new Evaluation
        {
            ModelId = modelId,
            VersionNumber = request.Version,
            ChallengerNumber = request.Challenger,
            Name = string.IsNullOrWhiteSpace(request.Name) ? $"{model.Name} v{request.Version} {clock.GetUtcNow():yyyy-MM-dd}" : request.Name.Trim(),
            PeriodStart = request.PeriodStart,
            PeriodEnd = request.PeriodEnd,
            RowCount = batch.Rows,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedBy = actor,
            ResultJson = JsonSerializer.Serialize(findings, Json),
        };
        db.Evaluations.Add(evaluation);
        await db.SaveChangesAsync(ct);
        return ToResult(evaluation, findings);
    }

    public async Task<(IReadOnlyList<EvaluationResult> Items, int Total)?> ListAsync(int modelId, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Models.AnyAsync(m => m.Id == modelId, ct))
        {
            return null;
        }

        var query = db.Evaluations.AsNoTracking().Where(e => e.ModelId == modelId);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Skip((Math.Max(1, page) - 1) * Math.Clamp(pageSize, 1, 200)).Take(Math.Clamp(pageSize, 1, 200)).ToListAsync(ct);
        return (rows.Select(ToResult).ToList(), total);
    }

    public async Task<EvaluationResult?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var evaluation = await db.Evaluations.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);
        return evaluation is null ? null : ToResult(evaluation);
    }

    private static Dictionary<string, VersionMetrics> Metrics(Batch batch, EvaluationRequest request, bool binary)
    {
        var result = new Dictionary<string, VersionMetrics>(StringComparer.Ordinal);
        void Add(int number, List<double> scores)
        {
            var span = CollectionsMarshal.AsSpan(scores);
            if (batch.Labels is null)
            {
                result[number.ToString(CultureInfo.InvariantCulture)] = new VersionMetrics(scores.Count, Note: EvaluationMessages.NoLabels);
            }
            else if (binary)
            {
                var m = BinaryMetrics.Compute(span, batch.LabelSpan);
                result[number.ToString(CultureInfo.InvariantCulture)] = new VersionMetrics(m.Count, m.Positives, m.Auc, m.Gini, m.Ks, m.Accuracy, m.Precision,
                    m.Recall, m.F1, m.LogLoss, m.Brier, Note: m.Auc is null ? EvaluationMessages.OneClass : null);
            }
            else
            {
                var m = RegressionMetrics.Compute(span, CollectionsMarshal.AsSpan(batch.Actuals!));
                result[number.ToString(CultureInfo.InvariantCulture)] = new VersionMetrics(m.Count, Rmse: m.Rmse, Mae: m.Mae, R2: m.R2, Mape: m.Mape);
            }
        }

        Add(request.Version, batch.Scores);
        if (batch.Challenger is not null && request.Challenger is int challenger)
        {
            Add(challenger, batch.Challenger);
        }

        return result;
    }

    private static AucComparison? Compare(Batch batch)
    {
        try
        {
            return AucComparison.Compute(CollectionsMarshal.AsSpan(batch.Scores), CollectionsMarshal.AsSpan(batch.Challenger!), batch.LabelSpan);
        }
        catch (ArgumentException)
        {
            return null; // fewer than two of a class: no comparison to make
        }
    }

    private static async Task<Dictionary<string, FeatureDriftResult>?> DriftAsync(PortalDbContext db, int versionId, Batch batch, CancellationToken ct)
    {
        var baseline = await db.Baselines.AsNoTracking().Include(b => b.Features).SingleOrDefaultAsync(b => b.VersionId == versionId, ct);
        if (baseline is null)
        {
            return null;
        }

        var drift = new Dictionary<string, FeatureDriftResult>(StringComparer.Ordinal);
        foreach (var feature in baseline.Features)
        {
            FeatureDrift? result = null;
            if (feature.Type == FeatureType.Numeric && batch.Numeric.TryGetValue(feature.Name, out var numbers))
            {
                var profile = new NumericBaseline(JsonSerializer.Deserialize<double[]>(feature.EdgesJson!)!, MemoryMarshal.Cast<byte, double>(feature.SortedValues).ToArray());
                result = Engine.Drift.Numeric(profile, CollectionsMarshal.AsSpan(numbers));
            }
            else if (feature.Type == FeatureType.Categorical && batch.Categorical.TryGetValue(feature.Name, out var categories))
            {
                result = Engine.Drift.Categorical(new CategoricalBaseline(JsonSerializer.Deserialize<Dictionary<string, double>>(feature.CategoriesJson!)!), categories);
            }

            if (result is not null)
            {
                drift[feature.Name] = new FeatureDriftResult(result.Psi, result.Ks, result.Psi < 0.1 ? "stable" : result.Psi < 0.25 ? "warning" : "alert");
            }
        }

        return drift;
    }

    private static EvaluationResult ToResult(Evaluation e) => ToResult(e, JsonSerializer.Deserialize<EvaluationFindings>(e.ResultJson, Json)!);

    private static EvaluationResult ToResult(Evaluation e, EvaluationFindings f) =>
        new(e.Id, e.ModelId, e.VersionNumber, e.ChallengerNumber, e.Name, e.PeriodStart, e.PeriodEnd, e.RowCount, e.CreatedAt, e.CreatedBy,
            f.Versions, f.Drift, f.DriftUnavailable, f.Comparison, f.Fairness);

    /// <summary>The columns of a batch the engine needs, read and checked row by row.</summary>
    private sealed class Batch
    {
        public int Rows { get; private set; }
        public List<double> Scores { get; } = [];
        public List<double>? Challenger { get; private set; }
        public List<int>? Labels { get; private set; }
        public List<double>? Actuals { get; private set; }
        public Dictionary<string, List<double>> Numeric { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<string>> Categorical { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<string>> Sensitive { get; } = new(StringComparer.Ordinal);
        public ReadOnlySpan<int> LabelSpan => CollectionsMarshal.AsSpan(Labels);

        public static async Task<Batch> ReadAsync(Stream body, IReadOnlyList<VersionFeature> features, IReadOnlyList<string> sensitive,
            bool requireScore, bool binary, CancellationToken ct)
        {
            using var text = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
            try
            {
                return await ReadRowsAsync(new CsvReader(text), features, sensitive, requireScore, binary, ct);
            }
            catch (CsvFormatException e)
            {
                throw Problem(EvaluationMessages.Format(EvaluationMessages.UnclosedQuote, e.Line, e.Column));
            }
        }

        private static async Task<Batch> ReadRowsAsync(CsvReader csv, IReadOnlyList<VersionFeature> features, IReadOnlyList<string> sensitive,
            bool requireScore, bool binary, CancellationToken ct)
        {
            var header = await csv.ReadRowAsync(ct) ?? throw Problem(EvaluationMessages.EmptyBody);
            var column = header.Select((h, i) => (Name: h.Trim(), i)).GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
            var batch = new Batch();
            var scoreAt = column.GetValueOrDefault("score", -1);
            if (requireScore && scoreAt < 0)
            {
                throw Problem(EvaluationMessages.NoScoreColumn);
            }

            var challengerAt = column.GetValueOrDefault("challenger_score", -1);
            var labelAt = column.GetValueOrDefault("label", -1);
            batch.Challenger = challengerAt >= 0 && requireScore ? [] : null;
            if (labelAt >= 0 && requireScore)
            {
                if (binary) { batch.Labels = []; } else { batch.Actuals = []; }
            }

            var numeric = features.Where(f => f.Type == FeatureType.Numeric && column.ContainsKey(f.Name)).Select(f => (f.Name, At: column[f.Name])).ToList();
            var categorical = features.Where(f => f.Type == FeatureType.Categorical && column.ContainsKey(f.Name)).Select(f => (f.Name, At: column[f.Name])).ToList();
            var groups = sensitive.Where(column.ContainsKey).Select(s => (Name: s, At: column[s])).ToList();
            numeric.ForEach(f => batch.Numeric[f.Name] = []);
            categorical.ForEach(f => batch.Categorical[f.Name] = []);
            groups.ForEach(g => batch.Sensitive[g.Name] = []);

            while (await csv.ReadRowAsync(ct) is { } row)
            {
                var line = csv.RowLine;
                if (row.Length == 1 && row[0].Length == 0)
                {
                    continue; // a blank line
                }

                if (row.Length != header.Length)
                {
                    throw Problem(EvaluationMessages.Format(EvaluationMessages.FieldCount, line, row.Length, header.Length));
                }

                if (scoreAt >= 0 && requireScore)
                {
                    var score = Number(row, scoreAt, header, line);
                    if (binary && score is < 0 or > 1)
                    {
                        throw Problem(EvaluationMessages.Format(EvaluationMessages.ScoreOutOfRange, line, scoreAt + 1, row[scoreAt]));
                    }

                    batch.Scores.Add(score);
                    batch.Challenger?.Add(Number(row, challengerAt, header, line));
                }

                if (batch.Labels is not null)
                {
                    batch.Labels.Add(row[labelAt].Trim() switch
                    {
                        "0" => 0,
                        "1" => 1,
                        var other => throw Problem(EvaluationMessages.Format(EvaluationMessages.LabelNotBinary, line, labelAt + 1, other)),
                    });
                }

                batch.Actuals?.Add(Number(row, labelAt, header, line));
                foreach (var (name, at) in numeric)
                {
                    batch.Numeric[name].Add(Number(row, at, header, line));
                }

                foreach (var (name, at) in categorical)
                {
                    batch.Categorical[name].Add(row[at]);
                }

                foreach (var (name, at) in groups)
                {
                    batch.Sensitive[name].Add(row[at]);
                }

                batch.Rows++;
            }

            if (batch.Rows == 0)
            {
                throw Problem(EvaluationMessages.NoRows);
            }

            return batch;
        }

        private static double Number(string[] row, int at, string[] header, int line) =>
            double.TryParse(row[at], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                ? value
                : throw Problem(EvaluationMessages.Format(EvaluationMessages.NotANumber, line, at + 1, header[at], row[at]));

        /// <summary>The message names the line and column; the key says the problem is in the uploaded body.</summary>
        private static InputRejectedException Problem(string message) => InputRejectedException.For("body", message);
    }
}
