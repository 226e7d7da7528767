using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Domain;
using ModelOpsPortal.Features.Kpis;
using ModelOpsPortal.Features.Lifecycle;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.ScaleOut;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>Two instances on one database: what one instance changes reaches the other's open pages through a real Redis.</summary>
[Trait("Category", "Database")]
public sealed class ScaleOutBusTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Registers a model and a version through <paramref name="portal"/> and opens a validation request; its id.</summary>
    private static async Task<int> OpenRequestAsync(PortalFactory portal, string name)
    {
        using var scientist = portal.CreateClient(PortalRoles.DataScientist);
        var modelId = await TestModels.RegisterOverApiAsync(scientist, name, Ct);
        using var request = await scientist.PostAsJsonAsync($"/api/models/{modelId}/versions/1/requests",
            new { kind = "validation", justification = "Ready for independent validation." }, Ct);
        Assert.Equal(HttpStatusCode.Created, request.StatusCode);
        return JsonDocument.Parse(await request.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetInt32();
    }

    private static TaskCompletionSource<RequestView> Listen(PortalFactory portal)
    {
        var heard = new TaskCompletionSource<RequestView>(TaskCreationOptions.RunContinuationsAsynchronously);
        portal.Services.GetRequiredService<LifecycleNotifier>().Changed += r => heard.TrySetResult(r);
        return heard;
    }

    private static async Task WaitConnectedAsync(params PortalFactory[] portals)
    {
        var deadline = Stopwatch.StartNew();
        while (!portals.All(p => p.Services.GetRequiredService<InstanceBus>().Connected))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(15), "the instances connected to Redis");
            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task A_request_opened_on_one_instance_reaches_the_other_instances_pages_through_redis()
    {
        using var redis = await RedisServer.StartAsync(Ct);
        using var first = new PortalFactory(settings: new Dictionary<string, string> { ["ScaleOut:Redis"] = redis.Configuration });
        using var second = new PortalFactory(settings: new Dictionary<string, string>
        {
            ["ConnectionStrings:Portal"] = first.Database.ConnectionString,
            ["ScaleOut:Redis"] = redis.Configuration,
        });
        await WaitConnectedAsync(first, second);
        var onFirst = Listen(first);
        var onSecond = Listen(second);

        var id = await OpenRequestAsync(first, "Heard everywhere");

        var there = await onSecond.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var here = await onFirst.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(id, there.Id);
        Assert.Equal("Heard everywhere", there.ModelName);
        Assert.Equal(RequestKind.Validation, there.Kind);
        Assert.Equal(here, there with { Decisions = here.Decisions, Excluded = here.Excluded, Evidence = here.Evidence });
        Assert.Equal(here.Excluded, there.Excluded);
    }

    [Fact]
    public async Task Without_redis_another_instance_does_not_hear_it()
    {
        using var first = new PortalFactory();
        using var second = new PortalFactory(settings: new Dictionary<string, string> { ["ConnectionStrings:Portal"] = first.Database.ConnectionString });
        var onFirst = Listen(first);
        var onSecond = Listen(second);

        await OpenRequestAsync(first, "Heard here only");

        await onFirst.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await Task.Delay(500, Ct);
        Assert.False(onSecond.Task.IsCompleted);
    }

    private static async Task<int> ModelsInKpisAsync(PortalFactory portal) =>
        (await portal.Services.GetRequiredService<KpiService>().ReportAsync(new KpiFilter(), Ct)).ModelsByStage.Sum(s => s.Count);

    /// <summary>
    /// The KPI snapshot of one instance is recomputed when another instance writes (the tests' clock stands still, so a
    /// snapshot that is not told would be served unchanged forever).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_write_on_one_instance_refreshes_the_other_instances_kpi_snapshot_only_through_redis(bool shareRedis)
    {
        using var redis = await RedisServer.StartAsync(Ct);
        var bus = shareRedis ? redis.Configuration : "";
        using var first = new PortalFactory(settings: new Dictionary<string, string> { ["ScaleOut:Redis"] = bus });
        using var second = new PortalFactory(settings: new Dictionary<string, string>
        {
            ["ConnectionStrings:Portal"] = first.Database.ConnectionString,
            ["ScaleOut:Redis"] = bus,
        });
        if (shareRedis)
        {
            await WaitConnectedAsync(first, second);
        }

        var before = await ModelsInKpisAsync(second); // the snapshot the second instance keeps
        Assert.Equal(before, await ModelsInKpisAsync(first)); // and the first its own

        using var scientist = first.CreateClient(PortalRoles.DataScientist);
        await TestModels.RegisterOverApiAsync(scientist, "Counted everywhere", Ct);

        var deadline = Stopwatch.StartNew();
        var after = before;
        while (after == before && deadline.Elapsed < TimeSpan.FromSeconds(shareRedis ? 10 : 1))
        {
            await Task.Delay(50, Ct);
            after = await ModelsInKpisAsync(second);
        }

        Assert.Equal(shareRedis ? before + 1 : before, after);
        Assert.Equal(before + 1, await ModelsInKpisAsync(first)); // the writer's own snapshot never lags
    }

    [Fact]
    public async Task An_unreachable_redis_neither_stops_the_portal_nor_fails_a_request()
    {
        using var portal = new PortalFactory(settings: new Dictionary<string, string> { ["ScaleOut:Redis"] = "127.0.0.1:1,connectTimeout=200" });
        var here = Listen(portal);

        var id = await OpenRequestAsync(portal, "Redis is down");

        Assert.Equal(id, (await here.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct)).Id);
        Assert.False(portal.Services.GetRequiredService<InstanceBus>().Connected);
    }
}
