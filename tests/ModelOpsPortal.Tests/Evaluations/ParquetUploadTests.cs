using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;
using Parquet;
using Parquet.Schema;

namespace ModelOpsPortal.Tests.Evaluations;

/// <summary>The same batch as Parquet gives the same numbers as CSV; a missing value names its row and column.</summary>
[Trait("Category", "Database")]
public sealed class ParquetUploadTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly HttpClient client;

    public ParquetUploadTests() => client = portal.CreateClient(PortalRoles.DataScientist);

    public void Dispose()
    {
        client.Dispose();
        portal.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<int> ModelAsync() => TestModels.RegisterAsync(portal.Services, "Parquet scorecard", ["gender", "age_band", "race"]);

    /// <summary>current.csv as Parquet in two row groups: doubles, an int column, nullable labels and strings.</summary>
    private static async Task<byte[]> ParquetOfAsync(string csvFile, int? missingLabelAtRow = null)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryFiles.TestData, csvFile)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var header = File.ReadLines(Path.Combine(RepositoryFiles.TestData, csvFile)).First().Split(',').Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i);
        var doubles = new[] { "score", "challenger_score", "income" }.Select(n => new DataField<double>(n)).ToList();
        var tenure = new DataField<int>("tenure_months");
        var label = new DataField<int?>("label");
        var texts = new[] { "gender", "age_band", "race", "region" }.Select(n => new DataField<string>(n)).ToList();
        var schema = new ParquetSchema([.. doubles, tenure, label, .. texts]);
        using var output = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(schema, output, cancellationToken: Ct))
        {
            foreach (var part in lines.Chunk(lines.Count / 2 + 1).Select((rows, index) => (rows, offset: index * (lines.Count / 2 + 1))))
            {
                using var group = writer.CreateRowGroup();
                foreach (var field in doubles)
                {
                    await group.WriteAsync(field, new ReadOnlyMemory<double>([.. part.rows.Select(r => double.Parse(r[header[field.Name]], CultureInfo.InvariantCulture))]), cancellationToken: Ct);
                }

                await group.WriteAsync(tenure, new ReadOnlyMemory<int>([.. part.rows.Select(r => int.Parse(r[header["tenure_months"]], CultureInfo.InvariantCulture))]), cancellationToken: Ct);
                await group.WriteAsync(label, new ReadOnlyMemory<int?>([.. part.rows.Select((r, i) =>
                    part.offset + i + 1 == missingLabelAtRow ? null : (int?)int.Parse(r[header["label"]], CultureInfo.InvariantCulture))]), cancellationToken: Ct);
                foreach (var field in texts)
                {
                    await group.WriteAsync(field, part.rows.Select(r => r[header[field.Name]]).ToList());
                }
            }
        }

        return output.ToArray();
    }

    private Task<HttpResponseMessage> PostAsync(int modelId, HttpContent content) =>
        client.PostAsync($"/api/models/{modelId}/evaluations?version=1&challenger=2", content, Ct);

    [Fact]
    public async Task A_parquet_batch_gives_exactly_the_numbers_of_the_same_csv()
    {
        var modelId = await ModelAsync();
        var parquet = new ByteArrayContent(await ParquetOfAsync("evaluation/current.csv"));
        parquet.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.apache.parquet");

        var fromParquet = await PostAsync(modelId, parquet);
        var fromCsv = await PostAsync(modelId, new StringContent(File.ReadAllText(Path.Combine(RepositoryFiles.TestData, "evaluation/current.csv")), Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.Created, fromParquet.StatusCode);
        var a = JsonDocument.Parse(await fromParquet.Content.ReadAsStringAsync(Ct)).RootElement;
        var b = JsonDocument.Parse(await fromCsv.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(20000, a.GetProperty("rowCount").GetInt32());
        foreach (var path in new[] { "versions", "comparison", "fairness" })
        {
            Assert.Equal(b.GetProperty(path).GetRawText(), a.GetProperty(path).GetRawText());
        }
    }

    [Fact]
    public async Task A_missing_value_in_parquet_names_its_row_and_column_and_nothing_is_stored()
    {
        var modelId = await ModelAsync();
        var parquet = new ByteArrayContent(await ParquetOfAsync("evaluation/current.csv", missingLabelAtRow: 15_000));

        var response = await PostAsync(modelId, parquet);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Equal("Row 15000, column 'label': the value is missing.", message);
        Assert.Equal(0, JsonDocument.Parse(await client.GetStringAsync($"/api/models/{modelId}/evaluations", Ct)).RootElement.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task A_body_that_starts_like_parquet_but_is_not_is_refused_with_a_reason()
    {
        var modelId = await ModelAsync();
        var broken = (await ParquetOfAsync("evaluation/current.csv"))[..5000];

        var response = await PostAsync(modelId, new ByteArrayContent(broken));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.StartsWith("The body starts like a Parquet file but cannot be read", message, StringComparison.Ordinal);
    }
}
