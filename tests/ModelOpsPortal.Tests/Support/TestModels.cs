using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Inventory;

namespace ModelOpsPortal.Tests.Support;

/// <summary>Models whose versions read the columns of TestData/evaluation, for upload and monitoring tests.</summary>
public static class TestModels
{
    /// <summary>
    /// A binary model with <paramref name="versions"/> versions reading income, utilization and tenure_months
    /// (numeric) and region (categorical). Version 2 scores the data's challenger_score.
    /// </summary>
    public static async Task<int> RegisterAsync(IServiceProvider services, string name, IReadOnlyList<string> sensitive, int versions = 2, RiskTier tier = RiskTier.High)
    {
        ArgumentNullException.ThrowIfNull(services);
        var ct = TestContext.Current.CancellationToken;
        var inventory = new TestInventory(services);
        var input = Inputs.Model(name);
        input.SensitiveAttributes = [.. sensitive];
        input.RiskTier = tier;
        var model = await inventory.RegisterModelAsync(input, "hana", ct);
        for (var i = 0; i < versions; i++)
        {
            var version = Inputs.Version();
            version.Features =
            [
                new FeatureInput { Name = "income", Type = FeatureType.Numeric },
                new FeatureInput { Name = "utilization", Type = FeatureType.Numeric },
                new FeatureInput { Name = "tenure_months", Type = FeatureType.Numeric },
                new FeatureInput { Name = "region", Type = FeatureType.Categorical },
            ];
            await inventory.RegisterVersionAsync(model.Id, version, "hana", ct);
        }

        return model.Id;
    }

    /// <summary>
    /// A regression model (sensitive attribute segment) with version 1 reading balance (numeric): the columns of
    /// TestData/regression/regression.csv.
    /// </summary>
    public static async Task<int> RegisterRegressionAsync(IServiceProvider services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        var ct = TestContext.Current.CancellationToken;
        var inventory = new TestInventory(services);
        var input = Inputs.Model(name);
        input.ModelType = ModelType.Regression;
        input.SensitiveAttributes = ["segment"];
        var model = await inventory.RegisterModelAsync(input, "hana", ct);
        var version = Inputs.Version();
        version.Features = [new FeatureInput { Name = "balance", Type = FeatureType.Numeric }];
        await inventory.RegisterVersionAsync(model.Id, version, "hana", ct);
        return model.Id;
    }

    /// <summary>
    /// A small scoring batch for versions reading income (numeric) and region (categorical), the features of
    /// <see cref="Inputs.Version"/>: 200 rows, scores spread over 0.05–0.95, labels that the scores rank well.
    /// </summary>
    public static string SmallBatchCsv()
    {
        var csv = new System.Text.StringBuilder("score,label,income,region\n");
        for (var i = 0; i < 200; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{(i % 10) / 10.0 + 0.05},{(i % 10 >= 6 ? 1 : 0)},{40 + i % 13},{(i % 2 == 0 ? "north" : "south")}\n");
        }

        return csv.ToString();
    }

    /// <summary>
    /// Registers a model (<see cref="Inputs.Model"/> named <paramref name="name"/>) and its version 1
    /// (<see cref="Inputs.Version"/>) through the API, as a pipeline does; returns the model's id.
    /// </summary>
    public static async Task<int> RegisterOverApiAsync(HttpClient client, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var model = await client.PostAsJsonAsync("/api/models", Inputs.Model(name), Inputs.Json, ct);
        Assert.Equal(HttpStatusCode.Created, model.StatusCode);
        var id = JsonDocument.Parse(await model.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetInt32();
        using var version = await client.PostAsJsonAsync($"/api/models/{id}/versions", Inputs.Version(), Inputs.Json, ct);
        Assert.Equal(HttpStatusCode.Created, version.StatusCode);
        return id;
    }
}
