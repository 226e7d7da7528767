using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Data;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Integration;

/// <summary>
/// The audit hash chain on the SQLite file: requests, decisions, overrides and stage changes each write events with the
/// actor and roles; an intact chain verifies; a changed field, a deleted event or two swapped events, done directly in
/// the file with SQL, are found at the right sequence number.
/// </summary>
public sealed class AuditTrailTests : IDisposable
{
    private readonly PortalFactory portal = new();
    private readonly HttpClient scientist;
    private readonly HttpClient validator;
    private readonly HttpClient auditor;

    public AuditTrailTests()
    {
        scientist = portal.CreateClient(PortalRoles.DataScientist);
        validator = portal.CreateClient(PortalRoles.Validator);
        auditor = portal.CreateClient(PortalRoles.Auditor);
    }

    public void Dispose()
    {
        scientist.Dispose();
        validator.Dispose();
        auditor.Dispose();
        portal.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Validation of v1 requested and approved: four events (request created, stage to pending, approved, stage to approved).</summary>
    private async Task<int> HistoryAsync()
    {
        var modelId = await TestModels.RegisterAsync(portal.Services, "Audited scorecard", ["gender"], versions: 1, tier: RiskTier.Low);
        var created = await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/1/requests", new { kind = "validation", justification = "Ready." }, Ct);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetInt32();
        var approved = await validator.PostAsJsonAsync($"/api/requests/{id}/approve", new { comment = "Validation pack reviewed." }, Ct);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        return modelId;
    }

    private async Task<JsonElement> VerifyAsync() =>
        JsonDocument.Parse(await auditor.GetStringAsync("/api/audit/verify", Ct)).RootElement;

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(portal.Database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task Each_lifecycle_action_writes_one_event_with_the_actor_and_roles_and_the_chain_verifies()
    {
        var modelId = await HistoryAsync();

        var page = JsonDocument.Parse(await auditor.GetStringAsync("/api/audit?pageSize=50", Ct)).RootElement;
        var events = page.GetProperty("items").EnumerateArray().Reverse().ToList();
        var verified = await VerifyAsync();

        Assert.Equal(["request.created", "version.stage-changed", "request.approved", "version.stage-changed"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["datascientist-pipeline", "datascientist-pipeline", "validator-pipeline", "validator-pipeline"], events.Select(e => e.GetProperty("actor").GetString()));
        Assert.Equal(["Validator"], events[2].GetProperty("actorRoles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal($"{modelId}/v1", events[3].GetProperty("entityId").GetString());
        Assert.Contains("\"stage\":\"PendingValidation\"", events[3].GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"stage\":\"Approved\"", events[3].GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.True(verified.GetProperty("intact").GetBoolean());
        Assert.Equal(4, verified.GetProperty("count").GetInt64());
        Assert.Equal(events[3].GetProperty("hash").GetString(), verified.GetProperty("lastHash").GetString());
        var filtered = JsonDocument.Parse(await auditor.GetStringAsync("/api/audit?action=request.approved&actor=validator-pipeline", Ct)).RootElement;
        Assert.Equal(1, filtered.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await scientist.GetAsync("/api/audit/verify", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("UPDATE AuditEvents SET Actor = 'someone-else' WHERE Sequence = 3", 3, "content")]
    [InlineData("DELETE FROM AuditEvents WHERE Sequence = 2", 2, "missing")]
    [InlineData("DELETE FROM AuditEvents WHERE Sequence = 4", 4, "missing")]
    [InlineData("UPDATE AuditEvents SET Sequence = -2 WHERE Sequence = 2; UPDATE AuditEvents SET Sequence = 2 WHERE Sequence = 3; UPDATE AuditEvents SET Sequence = 3 WHERE Sequence = -2", 2, "link")]
    public async Task Tampering_in_the_database_file_is_found_at_the_right_sequence_number(string sql, long brokenAt, string problem)
    {
        await HistoryAsync();
        Assert.True((await VerifyAsync()).GetProperty("intact").GetBoolean());

        await ExecuteAsync(sql);
        var verified = await VerifyAsync();

        Assert.False(verified.GetProperty("intact").GetBoolean());
        Assert.Equal(brokenAt, verified.GetProperty("brokenAt").GetInt64());
        Assert.Equal(problem, verified.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task An_event_cannot_be_changed_or_deleted_through_the_portal()
    {
        await HistoryAsync();
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var first = await db.AuditEvents.FirstAsync(Ct);

        first.Actor = "someone-else";
        var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        db.ChangeTracker.Clear();
        db.AuditEvents.Remove(await db.AuditEvents.FirstAsync(Ct));
        var deleted = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));

        Assert.Contains("append-only", changed.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", deleted.Message, StringComparison.Ordinal);
    }
}
