using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Monitoring;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Infrastructure.DemoData;

namespace ModelOpsPortal.Features.Evaluations;

/// <summary>
/// Monitoring history for the demo portfolio: a baseline and up to 18 monthly scoring batches per model in production,
/// and weekly operational figures per live deployment. The batches are synthetic rows sent through the real upload path,
/// so every metric, drift figure and alert on a demo page is computed by the engine and the rules, not written in.
/// Some models keep their performance, some degrade, some see a feature drift; all deterministic.
/// </summary>
public sealed class DemoEvaluations(IDbContextFactory<PortalDbContext> dbFactory, UploadBaseline baselines, UploadEvaluation uploads, DeploymentFigures deploymentFigures, TimeProvider clock)
    : IDemoDataContributor
{
    private const int Months = 18;
    private const int RowsPerBatch = 1500;
    private const string Pipeline = "scoring-pipeline";

    /// <summary>The attribute and group the demo's biased model disadvantages.</summary>
    public const string BiasedAttribute = "age_band";
    public const string DisadvantagedGroup = "18-25";

    private enum Story { Stable, Degrading, Drifting }

    /// <summary>
    /// The demo model whose versions score their youngest applicants lower at the same true risk, so that the fairness
    /// page and the promotion gate have a real failure to show (disparate impact on age_band): the first binary model
    /// with that attribute and a challenger in production (so its champion swap meets the gate), else one with a champion.
    /// </summary>
    public static int? BiasedModelId(IReadOnlyList<Model> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var eligible = models.Where(m => m.ModelType == ModelType.BinaryClassification && m.SensitiveAttributes.Contains(BiasedAttribute)
            && m.Versions.Any(v => v.ProductionRole == ProductionRole.Champion)).OrderBy(m => m.Id).ToList();
        return (eligible.FirstOrDefault(m => m.Versions.Any(v => v.ProductionRole == ProductionRole.Challenger)) ?? eligible.FirstOrDefault())?.Id;
    }

    public async Task ContributeAsync(CancellationToken ct)
    {
        List<Model> models;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            models = await db.Models.AsNoTracking().AsSplitQuery().Include(m => m.Versions).ThenInclude(v => v.Features)
                .Include(m => m.Versions).ThenInclude(v => v.Deployments).OrderBy(m => m.Id).ToListAsync(ct);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var thisMonth = new DateOnly(now.Year, now.Month, 1);
        // Challengers in turn clearly better, no different, worse: every verdict of the comparison page has an example.
        var challengerModels = models.Where(m => m.Versions.Any(v => v.ProductionRole == ProductionRole.Challenger)).Select(m => m.Id).ToList();
        var biased = BiasedModelId(models);
        // Hundreds of seeded uploads would each log a line at start-up; the seeder's own summary says what was done.
        StoredEvaluations.QuietUploads.Value = true;
        foreach (var model in models)
        {
            var champion = model.Versions.SingleOrDefault(v => v.ProductionRole == ProductionRole.Champion);
            if (champion is null)
            {
                continue;
            }

            var challenger = model.Versions.FirstOrDefault(v => v.ProductionRole == ProductionRole.Challenger);
            var random = new Random(model.Id * 7919);
            var story = (model.Id % 5) switch { 1 => Story.Degrading, 3 => Story.Drifting, _ => Story.Stable };
            // The champion's scores over the last 18 months (before its deployment it ran in shadow beside its predecessor).
            var start = thisMonth.AddMonths(-Months);
            var quality = (challengerModels.IndexOf(model.Id) % 3) switch { 0 => 1.35, 1 => 1.0, _ => 0.7 };
            var generator = new BatchGenerator(model, champion, random, story, quality, biased == model.Id);

            await using (var baseline = generator.Csv(month: 0, RowsPerBatch, withScores: false, challenger: false))
            {
                await baselines.UploadBaselineAsync(model.Id, champion.Number, baseline, Pipeline, ct);
            }

            var month = 0;
            for (var period = start; period < thisMonth; period = period.AddMonths(1), month++)
            {
                await using var batch = generator.Csv(month, RowsPerBatch, withScores: true, challenger: challenger is not null);
                var request = new EvaluationRequest(champion.Number, challenger?.Number, period, period.AddMonths(1).AddDays(-1),
                    string.Create(CultureInfo.InvariantCulture, $"{period:yyyy-MM} production batch"));
                await uploads.EvaluateAsync(model.Id, request, batch, Pipeline, ct);
            }

            await ReportOperationsAsync(champion, story, random, now, ct);
        }
    }

    /// <summary>Twelve weeks of figures per live deployment; a degrading model's service starts failing too.</summary>
    private async Task ReportOperationsAsync(ModelVersion champion, Story story, Random random, DateTime now, CancellationToken ct)
    {
        foreach (var deployment in champion.Deployments.Where(d => d.RemovedAt is null))
        {
            for (var week = 12; week >= 1; week--)
            {
                var periodStart = now.Date.AddDays(-7 * week);
                var requests = 40_000L + random.Next(20_000);
                var errorRate = story == Story.Degrading && week <= 3 ? 0.03 + 0.02 * (3 - week) : 0.002 + random.NextDouble() * 0.004;
                var p50 = 30 + random.NextDouble() * 15;
                await deploymentFigures.RecordStatisticsAsync(deployment.Id, new StatisticsInput(periodStart, periodStart.AddDays(7), requests,
                    (long)(requests * errorRate), Math.Round(p50, 1), Math.Round(p50 * (2.5 + random.NextDouble()), 1)), Pipeline, ct);
            }
        }
    }

    /// <summary>Synthetic scoring rows for one model: features, sensitive attributes, label and scores.</summary>
    /// <param name="challengerQuality">How well the challenger separates the classes, relative to the champion.</param>
    /// <param name="biased">Whether the versions score <see cref="DisadvantagedGroup"/> lower than their risk warrants.</param>
    private sealed class BatchGenerator(Model model, ModelVersion version, Random random, Story story, double challengerQuality, bool biased)
    {
        private readonly string[] attributes = [.. model.SensitiveAttributes.Where(a => version.Features.All(f => f.Name != a))];

        private static readonly string[] Regions = ["north", "south", "east", "west"];
        private readonly double baseRate = 0.12 + random.NextDouble() * 0.1;
        private readonly double strength = 1.3 + random.NextDouble() * 0.5;
        private readonly string? drifting = version.Features.FirstOrDefault(f => f.Type == FeatureType.Numeric)?.Name;

        public MemoryStream Csv(int month, int rows, bool withScores, bool challenger)
        {
            var binary = model.ModelType == ModelType.BinaryClassification;
            var text = new StringBuilder(rows * 80);
            var header = new List<string>();
            if (withScores)
            {
                header.Add("score");
                if (challenger)
                {
                    header.Add("challenger_score");
                }

                header.Add("label");
            }

            header.AddRange(version.Features.Select(f => f.Name));
            header.AddRange(attributes);
            text.AppendJoin(',', header).Append('\n');
            // Degrading: the score separates the classes less each month. Drifting: one feature's level moves.
            var separation = story == Story.Degrading ? strength * Math.Max(0.2, 1 - 0.045 * month) : strength;
            var shift = story == Story.Drifting ? 0.035 * month : 0;
            for (var i = 0; i < rows; i++)
            {
                var fields = new List<string>(header.Count);
                var positive = random.NextDouble() < baseRate;
                var groups = attributes.Select(Group).ToArray();
                var penalty = biased && Array.IndexOf(attributes, BiasedAttribute) is var at and >= 0 && groups[at] == DisadvantagedGroup ? 1.0 : 0;
                if (withScores)
                {
                    if (binary)
                    {
                        fields.Add(Probability(separation, positive, penalty));
                        if (challenger)
                        {
                            fields.Add(Probability(separation * challengerQuality, positive, penalty));
                        }

                        fields.Add(positive ? "1" : "0");
                    }
                    else
                    {
                        var actual = 1000 + 250 * Normal();
                        var noise = story == Story.Degrading ? 110 + 9 * month : 110;
                        fields.Add(F(actual + noise * Normal()));
                        if (challenger)
                        {
                            fields.Add(F(actual + noise / challengerQuality * Normal()));
                        }

                        fields.Add(F(actual));
                    }
                }

                foreach (var feature in version.Features)
                {
                    fields.Add(feature.Type == FeatureType.Categorical
                        ? Regions[Pick([0.4 - shift / 6, 0.3, 0.2, 0.1 + shift / 6])]
                        : F(50 + 10 * Normal() + (feature.Name == drifting ? 10 * shift : 0)));
                }

                fields.AddRange(groups);

                text.AppendJoin(',', fields).Append('\n');
            }

            return new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
        }

        private string Probability(double separation, bool positive, double penalty = 0)
        {
            var latent = (positive ? separation : -separation) * 0.6 + Normal() - 1.3 - penalty;
            return (1 / (1 + Math.Exp(-latent))).ToString("0.000000", CultureInfo.InvariantCulture);
        }

        private string Group(string attribute) => attribute switch
        {
            "gender" => random.NextDouble() < 0.5 ? "F" : "M",
            "age_band" => new[] { "18-25", "26-40", "41-60", "60+" }[Pick([0.2, 0.35, 0.3, 0.15])],
            // A fourth group about 1% of the rows: too few in a batch to judge, shown as such.
            "race" => new[] { "A", "B", "C", "D" }[Pick([0.5, 0.3, 0.19, 0.01])],
            _ => new[] { "A", "B", "C" }[Pick([0.5, 0.3, 0.2])],
        };

        private int Pick(double[] shares)
        {
            var u = random.NextDouble() * shares.Sum();
            for (var i = 0; i < shares.Length; i++)
            {
                u -= shares[i];
                if (u < 0)
                {
                    return i;
                }
            }

            return shares.Length - 1;
        }

        private double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

        private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
