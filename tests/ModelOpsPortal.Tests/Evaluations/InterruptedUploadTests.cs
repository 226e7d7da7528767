using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Features.Inventory;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Web;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Evaluations;

/// <summary>A client that drops the connection halfway through an upload leaves nothing stored, and may send it again.</summary>
[Trait("Category", "Database")]
public sealed class InterruptedUploadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Batch(int rows)
    {
        var csv = new StringBuilder("score,label\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(i % 2 == 0 ? "0.8100,1\n" : "0.2200,0\n");
        }

        return csv.ToString();
    }

    /// <summary>Sends the headers of an upload announcing the whole batch, then only the first third of its body, then closes the connection.</summary>
    private static async Task SendHalfAsync(Uri address, string path, string body, string? idempotencyKey)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, Ct);
        var stream = tcp.GetStream();
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {path} HTTP/1.1\r\nHost: {address.Authority}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Authorization: Bearer {PortalFactory.KeyFor(PortalRoles.DataScientist)}\r\n")
            .Append("Content-Type: text/csv\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {bytes.Length}\r\n");
        if (idempotencyKey is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"{Idempotency.Header}: {idempotencyKey}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), Ct);
        await stream.WriteAsync(bytes.AsMemory(0, bytes.Length / 3), Ct);
        await stream.FlushAsync(Ct);
        await Task.Delay(300, Ct); // the portal is reading the body now
        tcp.Client.LingerState = new LingerOption(true, 0); // a reset, as when a client process dies
        tcp.Close();
    }

    [Fact]
    public async Task An_upload_cut_off_halfway_stores_nothing_and_the_same_upload_sent_again_is_stored_once()
    {
        using var portal = new PortalFactory();
        var address = portal.StartKestrel();
        var inventory = new TestInventory(portal.Services);
        var model = await inventory.RegisterModelAsync(Inputs.Model("Interrupted scorecard"), "hana", Ct);
        await inventory.RegisterVersionAsync(model.Id, Inputs.Version(), "hana", Ct);
        var path = $"/api/models/{model.Id}/evaluations?version=1";
        var batch = Batch(20_000);
        await using var db = portal.Database.CreateDbContext();
        var auditBefore = await db.AuditEvents.CountAsync(Ct);

        await SendHalfAsync(address, path, batch, idempotencyKey: null);
        await SendHalfAsync(address, path, batch, idempotencyKey: "interrupted-1");
        await Task.Delay(500, Ct);

        Assert.Equal(0, await db.Evaluations.CountAsync(Ct));
        Assert.Equal(0, await db.IdempotencyRecords.CountAsync(Ct));
        Assert.Equal(auditBefore, await db.AuditEvents.CountAsync(Ct));

        // The pipeline sends it again, whole, under the same key: stored once; a further resend is a replay.
        using var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalFactory.KeyFor(PortalRoles.DataScientist));
        HttpRequestMessage Whole() => new(HttpMethod.Post, path)
        {
            Content = new StringContent(batch, Encoding.UTF8, "text/csv"),
            Headers = { { Idempotency.Header, "interrupted-1" } },
        };
        using var stored = await client.SendAsync(Whole(), Ct);
        using var replayed = await client.SendAsync(Whole(), Ct);

        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
        Assert.True(replayed.Headers.Contains(Idempotency.ReplayedHeader));
        var evaluation = Assert.Single(await db.Evaluations.AsNoTracking().ToListAsync(Ct));
        Assert.Equal(20_000, evaluation.RowCount);
    }
}
