using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using ModelOpsPortal.Infrastructure;

namespace ModelOpsPortal.Features.Inventory;

/// <summary>What a path may say instead of a version number.</summary>
public enum VersionAlias
{
    /// <summary>The model's current champion.</summary>
    Champion,

    /// <summary>The newest registered version.</summary>
    Latest,
}

/// <summary>
/// Addressing by name and alias, as an MLflow user writes <c>models:/name@champion</c>: in
/// <c>/api/models/by-name/{name}</c> and every path under it the model's name stands for its id, and under <c>/api/models/{id}/versions/</c>
/// <c>champion</c> or <c>latest</c> stands for the version number, in every path that takes one
/// (<c>…/versions/champion/baseline</c>, <c>…/versions/latest/deployments</c>, <c>…/versions/champion/metrics</c>).
/// The path is rewritten before routing, so every endpoint keeps its integer route values and the document its integer
/// types; <c>GET …/versions/champion</c>, <c>…/latest</c>, <c>…/challengers</c> and <c>GET /api/models/by-name?name=</c> are
/// the documented endpoints (<see cref="ModelsApi"/>). Only a signed-in caller's path is resolved: an anonymous one gets the
/// same 404 whether the name exists or not, and the endpoint's own 401 otherwise, so names cannot be probed.
/// </summary>
public static partial class VersionAliases
{
    [GeneratedRegex(@"^/api/models/by-name/(?<name>[^/]+)(?<rest>/.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ByName();

    [GeneratedRegex(@"^/api/models/(?<model>[0-9]{1,9})/versions/(?<alias>champion|latest)(?<rest>/.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex AliasedVersion();

    public static IApplicationBuilder UseVersionAliases(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var path = http.Request.Path.Value ?? "";
        if (!path.StartsWith("/api/models/", StringComparison.Ordinal) || (!ByName().IsMatch(path) && !AliasedVersion().IsMatch(path))
            || !(await http.AuthenticateAsync()).Succeeded)
        {
            await next(http);
            return;
        }

        var inventory = http.RequestServices.GetRequiredService<InventoryQueries>();
        if (ByName().Match(path) is { Success: true } byName)
        {
            var name = byName.Groups["name"].Value;
            if (await inventory.ModelIdByNameAsync(name, http.RequestAborted) is not int id)
            {
                await ApiResults.WriteProblemAsync(http, StatusCodes.Status404NotFound, "Model not found", $"There is no model named '{name}'.");
                return;
            }

            path = string.Create(CultureInfo.InvariantCulture, $"/api/models/{id}{byName.Groups["rest"].Value}");
        }

        if (AliasedVersion().Match(path) is { Success: true } aliased)
        {
            var modelId = int.Parse(aliased.Groups["model"].Value, CultureInfo.InvariantCulture);
            var alias = aliased.Groups["alias"].Value == "champion" ? VersionAlias.Champion : VersionAlias.Latest;
            if (await inventory.VersionNumberAsync(modelId, alias, http.RequestAborted) is not int number)
            {
                await ApiResults.WriteProblemAsync(http, StatusCodes.Status404NotFound, "Version not found", NoSuchVersion(modelId, alias));
                return;
            }

            path = string.Create(CultureInfo.InvariantCulture, $"/api/models/{modelId}/versions/{number}{aliased.Groups["rest"].Value}");
        }

        http.Request.Path = path;
        await next(http);
    });

    /// <summary>Why an alias stands for no version.</summary>
    public static string NoSuchVersion(int modelId, VersionAlias alias) => alias == VersionAlias.Champion
        ? string.Create(CultureInfo.InvariantCulture, $"Model {modelId} has no champion, or the model does not exist.")
        : string.Create(CultureInfo.InvariantCulture, $"Model {modelId} has no versions, or the model does not exist.");
}
