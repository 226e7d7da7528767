using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using ModelOps.Cli.Client;

namespace ModelOps.Cli;

/// <summary>
/// <c>modelops</c>: the common steps of a training pipeline in one line each, through the client generated from the
/// portal's OpenAPI document. Exit codes say what failed (<see cref="ExitCode"/>); <c>--json</c> prints the portal's
/// answer as JSON on standard output for scripts; progress and errors go to standard error.
/// </summary>
public static class CliApp
{
    public const string PortalVariable = "MODELOPS_PORTAL";
    public const string KeyVariable = "MODELOPS_API_KEY";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            if (args is ["--version"] or ["version"])
            {
                await context.Out.WriteLineAsync(typeof(CliApp).Assembly.GetName().Version?.ToString(3));
                return ExitCode.Ok;
            }

            var line = new CommandLine(args);
            if (line.Command == "help" || line.Flag("help"))
            {
                await context.Out.WriteAsync(Help.Text);
                return ExitCode.Ok;
            }

            var command = Commands.Find(line.Command) ?? throw new UsageException($"'{line.Command}' is not a modelops command (see modelops help).");
            var (portal, key) = Connection(line, context);
            using var http = context.Http is null ? new HttpClient { Timeout = TimeSpan.FromMinutes(30) } : null;
            return await command.RunAsync(new CommandRun(line, CreateClient(portal, key, context.Http ?? http!), context, portal), ct);
        }
        catch (UsageException e)
        {
            await context.Error.WriteLineAsync("modelops: " + e.Message);
            return ExitCode.Usage;
        }
        catch (ApiException e)
        {
            await context.Error.WriteLineAsync(Problems.Describe(e));
            return ExitCode.Of(e.ResponseStatusCode);
        }
        catch (HttpRequestException e)
        {
            await context.Error.WriteLineAsync($"modelops: the portal could not be reached: {e.Message}");
            return ExitCode.Unavailable;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("modelops: the portal did not answer within 30 minutes.");
            return ExitCode.Unavailable;
        }
    }

    /// <summary>The portal (--portal, MODELOPS_PORTAL, or what login saved) and the key (from the variable named by --api-key-env, MODELOPS_API_KEY by default).</summary>
    private static (Uri Portal, string Key) Connection(CommandLine line, CliContext context)
    {
        var saved = context.Config.Read();
        var portalText = line.Optional("portal") ?? context.Environment(PortalVariable) ?? saved.Portal
            ?? throw new UsageException($"Say which portal: --portal https://modelops.example.com, or set {PortalVariable}, or run modelops login.");
        if (!Uri.TryCreate(portalText, UriKind.Absolute, out var portal) || portal.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"'{portalText}' is not a portal address (https://…).");
        }

        var variable = line.Optional("api-key-env") ?? saved.KeyVariable ?? KeyVariable;
        var key = context.Environment(variable);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new UsageException($"Set the API key in the environment variable {variable} (an administrator issues keys on the portal's API keys page).");
        }

        return (portal, key.Trim());
    }

    /// <summary>The generated client for the portal at <paramref name="portal"/>, sending <paramref name="key"/> as its bearer token.</summary>
    public static PortalClient CreateClient(Uri portal, string key, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(portal);
        return new PortalClient(new HttpClientRequestAdapter(new BaseBearerTokenAuthenticationProvider(new StaticKey(key, portal.Host)), httpClient: http)
        {
            BaseUrl = portal.GetLeftPart(UriPartial.Authority) + portal.AbsolutePath.TrimEnd('/'),
        });
    }

    /// <summary>The API key as a bearer token, sent only to the portal's own host.</summary>
    private sealed class StaticKey(string key, string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(key);
    }
}

/// <summary>What the exit status says; scripts branch on it.</summary>
public static class ExitCode
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int Refused = 2;
    public const int NotFound = 3;
    public const int Conflict = 4;
    public const int NotAllowed = 5;
    public const int Unavailable = 6;
    public const int Rejected = 7;
    public const int StillOpen = 8;

    public static int Of(int status) => status switch
    {
        400 or 413 or 415 or 422 => Refused,
        404 => NotFound,
        409 or 412 => Conflict,
        401 or 403 => NotAllowed,
        _ => Unavailable,
    };
}
