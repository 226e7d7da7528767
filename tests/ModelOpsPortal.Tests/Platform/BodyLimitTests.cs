using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Web;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>Request body limits per endpoint on real Kestrel: JSON endpoints take RequestLimits:MaxBodyBytes, uploads their own.</summary>
[Trait("Category", "Database")]
public sealed class BodyLimitTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly PortalFactory portal = new(settings: new Dictionary<string, string> { ["RequestLimits:MaxBodyBytes"] = "4096" });
    private readonly HttpClient client;

    public BodyLimitTests()
    {
        client = new HttpClient { BaseAddress = portal.StartKestrel() };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalFactory.KeyFor(PortalRoles.DataScientist));
    }

    public void Dispose()
    {
        client.Dispose();
        portal.Dispose();
    }

    private static string Padded(int bytes) => new('x', bytes);

    private async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Contains("at most 4096 bytes (setting RequestLimits:MaxBodyBytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var db = portal.Database.CreateDbContext();
        Assert.Equal(0, await db.Models.CountAsync(Ct));
    }

    [Fact]
    public async Task A_json_body_over_the_limit_is_refused_with_413_before_it_is_read_and_nothing_is_stored()
    {
        var model = Inputs.Model();
        model.Purpose = Padded(6000);

        using var response = await client.PostAsync("/api/models", new StringContent(JsonSerializer.Serialize(model), Encoding.UTF8, "application/json"), Ct);

        Assert.NotNull(response.RequestMessage?.Content?.Headers.ContentLength);
        await AssertRefusedAsync(response);
    }

    /// <summary>A model registration of about 6 kB sent chunked: no length is declared, so the limit bites while it is read.</summary>
    private static HttpRequestMessage ChunkedRegistration()
    {
        var model = Inputs.Model();
        model.Purpose = Padded(6000);
        var content = new StreamContent(new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(model)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/models") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    [Fact]
    public async Task A_chunked_body_that_grows_past_the_limit_is_refused_with_413_too()
    {
        using var request = ChunkedRegistration();

        using var response = await client.SendAsync(request, Ct);

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task With_an_idempotency_key_the_refusal_is_the_same()
    {
        using var request = ChunkedRegistration();
        request.Headers.Add(Idempotency.Header, "too-big-1");

        using var response = await client.SendAsync(request, Ct);

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Bodies_under_the_limit_and_uploads_with_their_own_larger_limit_are_accepted()
    {
        var modelId = await TestModels.RegisterOverApiAsync(client, "Retail PD scorecard", Ct);

        var csv = new StringBuilder("score,label\n");
        for (var i = 0; i < 1000; i++)
        {
            csv.Append(i % 2 == 0 ? "0.8100,1\n" : "0.2200,0\n");
        }

        Assert.True(csv.Length > 8000);
        using var upload = await client.PostAsync($"/api/models/{modelId}/evaluations?version=1", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
    }
}
