using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ModelOpsPortal.Infrastructure.ScaleOut;

/// <summary>How portal instances tell each other's open pages about changes (section <c>ScaleOut</c>).</summary>
public sealed class ScaleOutOptions
{
    public const string Section = "ScaleOut";

    /// <summary>A Redis server shared by the instances (StackExchange.Redis configuration, e.g. <c>redis:6379</c>); none: this instance only.</summary>
    public string? Redis { get; set; }

    /// <summary>The Redis pub/sub channel; instances of one portal must agree, two portals on one Redis must not.</summary>
    public string Channel { get; set; } = "modelops-portal";
}

/// <summary>
/// Notifications for the open pages (circuits) of every instance: a request made or decided updates the inbox badge and
/// shows a snackbar wherever a validator has the portal open. Delivered in this instance at once; with
/// <c>ScaleOut:Redis</c> also published on a Redis channel that every instance subscribes to (its own messages ignored).
/// Best effort by design: the database is the truth and every page reads it on load; a Redis outage only delays what an
/// open page shows until its next navigation, it never fails the request that published.
/// </summary>
public sealed partial class InstanceBus(IOptions<ScaleOutOptions> options, ILogger<InstanceBus> log) : IHostedService, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly string instance = Guid.NewGuid().ToString("N");
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<Subscription>> topics = new(StringComparer.Ordinal);
    private ConnectionMultiplexer? redis;

    private sealed record Subscription(Type Type, Action<object> Handler);

    private sealed record Envelope(string Instance, string Topic, JsonElement Message);

    /// <summary>Whether other instances are reached (a Redis connection is configured and up).</summary>
    public bool Connected => redis?.IsConnected == true;

    private RedisChannel Channel => RedisChannel.Literal(options.Value.Channel);

    public void Publish<T>(string topic, T message)
        where T : notnull
    {
        Deliver(topic, message);
        if (redis is null)
        {
            return;
        }

        try
        {
            var envelope = JsonSerializer.Serialize(new Envelope(instance, topic, JsonSerializer.SerializeToElement(message, Json)), Json);
            redis.GetSubscriber().Publish(Channel, envelope, CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or ObjectDisposedException)
        {
            LogPublishFailed(e, topic);
        }
    }

    /// <summary>Calls <paramref name="handler"/> for every message on the topic, from this instance or another.</summary>
    public IDisposable Subscribe<T>(string topic, Action<T> handler)
    {
        var subscription = new Subscription(typeof(T), m => handler((T)m));
        lock (gate)
        {
            if (!topics.TryGetValue(topic, out var list))
            {
                topics[topic] = list = [];
            }

            list.Add(subscription);
        }

        return new Unsubscriber(() =>
        {
            lock (gate)
            {
                topics[topic].Remove(subscription);
            }
        });
    }

    private Subscription[] HandlersOf(string topic)
    {
        lock (gate)
        {
            return topics.TryGetValue(topic, out var list) ? [.. list] : [];
        }
    }

    private void Deliver(string topic, object message)
    {
        foreach (var subscription in HandlersOf(topic))
        {
            Invoke(subscription, topic, message);
        }
    }

    // One subscriber's failure neither reaches the publisher (or Redis's callback) nor stops the others.
    private void Invoke(Subscription subscription, string topic, object message)
    {
        try
        {
            subscription.Handler(message);
        }
        catch (Exception e)
        {
            LogHandlerFailed(e, topic);
        }
    }

    private void Receive(RedisValue value)
    {
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope>(value.ToString(), Json);
            if (envelope is null || envelope.Instance == instance)
            {
                return;
            }

            var handlers = HandlersOf(envelope.Topic);
            foreach (var type in handlers.Select(h => h.Type).Distinct())
            {
                var message = envelope.Message.Deserialize(type, Json)!;
                foreach (var subscription in handlers.Where(h => h.Type == type))
                {
                    Invoke(subscription, envelope.Topic, message);
                }
            }
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            LogReceiveFailed(e);
        }
    }

    /// <summary>Connects to Redis when configured. An unreachable server does not stop the portal: the client keeps trying.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Redis))
        {
            return;
        }

        var configuration = ConfigurationOptions.Parse(options.Value.Redis);
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= "modelops-portal";
        redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        // Registered even while disconnected; the client subscribes again on every reconnect.
        redis.GetSubscriber().Subscribe(Channel, (_, value) => Receive(value), CommandFlags.FireAndForget);
        if (!redis.IsConnected)
        {
            LogNotConnected(options.Value.Channel);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell other instances about {Topic}; their open pages catch up at their next navigation")]
    private partial void LogPublishFailed(Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "A subscriber to {Topic} failed")]
    private partial void LogHandlerFailed(Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a message from another instance that could not be read")]
    private partial void LogReceiveFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis (ScaleOut:Redis) is not reachable yet; channel {Channel} is subscribed when it is")]
    private partial void LogNotConnected(string channel);
}

public static class ScaleOutRegistration
{
    /// <summary>Registers the bus (and its Redis link when configured); a second call does nothing.</summary>
    public static IServiceCollection AddPortalScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(InstanceBus)))
        {
            return services;
        }

        services.AddOptions<ScaleOutOptions>().Bind(configuration.GetSection(ScaleOutOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Channel), "ScaleOut:Channel must not be empty.")
            .ValidateOnStart();
        services.AddSingleton<InstanceBus>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceBus>());
        return services.AddHostedService<DataChangesRelay>();
    }
}
