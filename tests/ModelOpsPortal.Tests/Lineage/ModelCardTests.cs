using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Lineage;

/// <summary>The model card, the record regulators read: nothing of a version's approval history may fall off it.</summary>
[Trait("Category", "Database")]
public sealed class ModelCardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_card_lists_a_versions_whole_approval_history_however_many_requests_the_model_has()
    {
        using var portal = new PortalFactory(environment: "Development");
        var model = await TestModels.RegisterAsync(portal.Services, "Busy scorecard", [], versions: 2, tier: RiskTier.Low);
        using (var scientist = portal.CreateClient(PortalRoles.DataScientist))
        using (var validator = portal.CreateClient(PortalRoles.Validator))
        {
            using var created = await scientist.PostAsJsonAsync($"/api/models/{model}/versions/1/requests", new { kind = "validation", justification = "Ready." }, Ct);
            var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetInt32();
            using var approved = await validator.PostAsJsonAsync($"/api/requests/{id}/approve", new { comment = "Back-testing pack reviewed in full." }, Ct);
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        // 450 later requests on version 2, all withdrawn: more than two pages of the model's requests.
        await using (var db = portal.Database.CreateDbContext())
        {
            for (var i = 1; i <= 450; i++)
            {
                db.Requests.Add(new LifecycleRequest
                {
                    ModelId = model,
                    VersionNumber = 2,
                    Kind = RequestKind.Validation,
                    Justification = $"Attempt {i}.",
                    RequestedBy = "Hana Kim",
                    RequestedAt = TestDatabase.Now.UtcDateTime.AddMinutes(i),
                    Status = RequestStatus.Withdrawn,
                    RiskTier = RiskTier.Low,
                    ClosedAt = TestDatabase.Now.UtcDateTime.AddMinutes(i),
                    ClosedBy = "Hana Kim",
                });
            }

            await db.SaveChangesAsync(Ct);
        }

        using var auditor = await portal.SignedInClientAsync("aisha.bello");
        var first = await auditor.GetStringAsync($"/models/{model}/versions/1/card", Ct);
        var second = await auditor.GetStringAsync($"/models/{model}/versions/2/card", Ct);

        // Before: the card read the model's newest 200 requests and kept the version's, so version 1's approval was lost.
        Assert.Contains("Back-testing pack reviewed in full.", first, StringComparison.Ordinal);
        Assert.Equal(1, Requests(first));
        Assert.Equal(450, Requests(second)); // every page was read
    }

    /// <summary>Rows of the card's approval table: each names its request as "(#id)".</summary>
    private static int Requests(string html)
    {
        var section = html[html.IndexOf("data-testid=\"card-approvals\"", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        return section.Split("(#").Length - 1;
    }
}
