using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Access;

/// <summary>
/// Every page and endpoint, read from the portal's own endpoint data, against anonymous callers and each role.
/// A page or endpoint added without an entry here (and so without a decided policy) fails the first test.
/// </summary>
[Trait("Category", "Database")]
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Portal portal) : IClassFixture<AuthorizationMatrixTests.Portal>
{
    private const string Anyone = "anyone";

    /// <summary>Route pattern (method for the API) → the policy it must carry, or Anyone for the few open ones.</summary>
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["PAGE /"] = Policies.ReadPortfolio,
        ["PAGE /models"] = Policies.ReadPortfolio,
        ["PAGE /models/{ModelId:int}"] = Policies.ReadPortfolio,
        ["PAGE /models/{ModelId:int}/versions/{Number:int}"] = Policies.ReadPortfolio,
        ["PAGE /models/new"] = Policies.RegisterModels,
        ["PAGE /models/{ModelId:int}/edit"] = Policies.RegisterModels,
        ["PAGE /models/{ModelId:int}/versions/new"] = Policies.RegisterModels,
        ["PAGE /admin/api-keys"] = Policies.Administer,
        ["PAGE /alerts"] = Policies.ReadPortfolio,
        ["PAGE /models/{ModelId:int}/compare"] = Policies.ReadPortfolio,
        ["PAGE /models/{ModelId:int}/fairness"] = Policies.ReadPortfolio,
        ["PAGE /requests"] = Policies.ReadPortfolio,
        ["PAGE /requests/{RequestId:int}"] = Policies.ReadPortfolio,
        ["POST /api/models/{modelId:int}/versions/{version:int}/requests"] = Policies.RegisterModels,
        ["GET /api/requests/"] = Policies.ReadPortfolio,
        ["GET /api/models/{modelId:int}/champion"] = Policies.ReadPortfolio,
        ["GET /api/requests/{id:int}"] = Policies.ReadPortfolio,
        ["POST /api/requests/{id:int}/approve"] = Policies.DecideRequests,
        ["POST /api/requests/{id:int}/reject"] = Policies.DecideRequests,
        // The requester only, checked by the service (403 otherwise; LifecycleApiTests).
        ["POST /api/requests/{id:int}/withdraw"] = Policies.ReadPortfolio,
        ["GET /api/audit/"] = Policies.ReadAudit,
        ["GET /api/audit/verify"] = Policies.ReadAudit,
        ["GET /api/audit/export.csv"] = Policies.ReadAudit,
        ["GET /api/audit/export.json"] = Policies.ReadAudit,
        ["PAGE /audit"] = Policies.ReadAudit,
        ["PAGE /models/{ModelId:int}/versions/{Number:int}/card"] = Policies.ReadPortfolio,
        ["PAGE /models/{ModelId:int}/versions/{Number:int}/lineage"] = Policies.ReadPortfolio,
        ["PAGE /models/{ModelId:int}/evaluations/{EvaluationId:int}"] = Policies.ReadPortfolio,
        ["PAGE /datasets"] = Policies.ReadPortfolio,
        ["PAGE /datasets/{*Name}"] = Policies.ReadPortfolio,
        ["GET /api/models/{modelId:int}/versions/{version:int}/lineage"] = Policies.ReadPortfolio,
        ["GET /api/datasets/"] = Policies.ReadPortfolio,
        ["GET /api/datasets/{**name}"] = Policies.ReadPortfolio,
        ["POST /api/models/{modelId:int}/versions/{version:int}/deployments"] = Policies.RegisterModels,
        ["POST /api/deployments/{deploymentId:int}/remove"] = Policies.RegisterModels,
        ["PAGE /kpis"] = Policies.ReadPortfolio,
        ["GET /api/kpis"] = Policies.ReadPortfolio,
        ["GET /api/kpis.csv"] = Policies.ReadPortfolio,
        ["PAGE /dev/sign-in"] = Anyone,
        ["PAGE /access-denied"] = Anyone,
        ["PAGE /not-found"] = Anyone,
        ["PAGE /error"] = Anyone,
        ["GET /api/models/"] = Policies.ReadPortfolio,
        ["GET /api/models/export.csv"] = Policies.ReadPortfolio,
        ["GET /api/models/{modelId:int}"] = Policies.ReadPortfolio,
        ["GET /api/models/{modelId:int}/versions/{version:int}"] = Policies.ReadPortfolio,
        ["GET /api/models/by-name"] = Policies.ReadPortfolio,
        ["GET /api/models/{modelId:int}/webhook"] = Policies.RegisterModels,
        ["PUT /api/models/{modelId:int}/webhook"] = Policies.RegisterModels,
        ["DELETE /api/models/{modelId:int}/webhook"] = Policies.RegisterModels,
        ["POST /api/models/{modelId:int}/versions/{version:int}/metrics"] = Policies.RegisterModels,
        ["PUT /api/models/{modelId:int}/versions/{version:int}/tags"] = Policies.RegisterModels,
        ["GET /api/models/{modelId:int}/versions/champion"] = Policies.ReadPortfolio,
        ["GET /api/models/{modelId:int}/versions/latest"] = Policies.ReadPortfolio,
        ["GET /api/models/{modelId:int}/versions/challengers"] = Policies.ReadPortfolio,
        ["POST /api/models/"] = Policies.RegisterModels,
        ["PUT /api/models/{modelId:int}"] = Policies.RegisterModels,
        // Owner or validator, checked by the service against the model (403 otherwise; tested in FairnessApiTests).
        ["PUT /api/models/{modelId:int}/sensitive-attributes"] = Policies.ReadPortfolio,
        ["POST /api/models/{modelId:int}/versions"] = Policies.RegisterModels,
        ["GET /api/me"] = Policies.SignedIn,
        ["POST /api/models/{modelId:int}/versions/{version:int}/baseline"] = Policies.RegisterModels,
        ["POST /api/models/{modelId:int}/evaluations"] = Policies.RegisterModels,
        ["GET /api/models/{modelId:int}/evaluations"] = Policies.ReadPortfolio,
        ["GET /api/models/{modelId:int}/evaluations/summary-query"] = Policies.RegisterModels,
        ["POST /api/models/{modelId:int}/evaluations/summary"] = Policies.RegisterModels,
        ["GET /api/evaluations/{id:int}"] = Policies.ReadPortfolio,
        ["GET /api/models/{modelId:int}/evaluations/{evaluationId:int}"] = Policies.ReadPortfolio,
        ["GET /api/models/{modelId:int}/thresholds"] = Policies.ReadPortfolio,
        ["GET /api/models/{modelId:int}/comparison"] = Policies.ReadPortfolio,
        ["GET /api/models/{modelId:int}/fairness"] = Policies.ReadPortfolio,
        ["PUT /api/models/{modelId:int}/thresholds"] = Policies.ManageMonitoring,
        ["GET /api/models/{modelId:int}/statistics"] = Policies.ReadPortfolio,
        ["GET /api/alerts/"] = Policies.ReadPortfolio,
        ["POST /api/alerts/{id:int}/acknowledge"] = Policies.ManageMonitoring,
        ["POST /api/alerts/{id:int}/resolve"] = Policies.ManageMonitoring,
        ["POST /api/deployments/{deploymentId:int}/stats"] = Policies.RegisterModels,
        // The contract describes operations, not data; a pipeline's client generator reads it without a key (issue #19).
        ["GET /openapi/{documentName}.json"] = Anyone,
        ["GET /api/reference/{documentName?}"] = Anyone,
        ["GET /signin"] = Anyone,
        ["POST /signout"] = Policies.SignedIn,
        ["POST /dev/sign-in"] = Anyone,
        ["GET /culture"] = Anyone,
        // The inbox badge of static pages (server-sent events, read by the page's script).
        ["GET /requests/feed"] = Policies.ReadPortfolio,
        ["ANY /health/live"] = Anyone,
        ["ANY /health/ready"] = Anyone,
    };

    public sealed class Portal : IDisposable
    {
        public PortalFactory Factory { get; } = new(seedDemoData: true, environment: "Development");

        public void Dispose() => Factory.Dispose();
    }

    [Fact]
    public void Every_page_and_endpoint_names_the_policy_it_was_given()
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var endpoint in portal.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            if (IsInfrastructure(endpoint, pattern))
            {
                continue;
            }

            var isPage = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
            var key = isPage ? $"PAGE {pattern}" : $"{string.Join(",", methods)} {pattern}";
            var policy = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null ? Anyone
                : string.Join(",", endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? "(default)"));
            found[key] = policy.Length == 0 ? "(none)" : policy;
        }

        var unlisted = found.Keys.Except(Expected.Keys).Select(k => $"{k} ({found[k]})").ToList();
        Assert.True(unlisted.Count == 0, "Add these to the matrix with the policy they need: " + string.Join("; ", unlisted));
        var wrong = found.Where(f => Expected[f.Key] != f.Value).Select(f => $"{f.Key}: has {f.Value}, expected {Expected[f.Key]}").ToList();
        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
    }

    public static TheoryData<string, string?, int> PageCases()
    {
        // (path, demo user or null for anonymous, expected status)
        var data = new TheoryData<string, string?, int>();
        string[] readers = ["hana.kim", "priya.raman", "min-jun.lee", "aisha.bello", "noah.fischer"];
        foreach (var path in new[] { "/models", "/models/16", "/models/16/versions/6" })
        {
            data.Add(path, null, 302);
            foreach (var user in readers)
            {
                data.Add(path, user, 200);
            }
        }

        foreach (var path in new[] { "/models/new", "/models/16/edit", "/models/16/versions/new" })
        {
            data.Add(path, null, 302);
            data.Add(path, "hana.kim", 200);
            data.Add(path, "daniel.okafor", 200);
            foreach (var user in new[] { "priya.raman", "min-jun.lee", "aisha.bello", "noah.fischer" })
            {
                data.Add(path, user, 302); // to the friendly access-denied page
            }
        }

        data.Add("/alerts", null, 302);
        data.Add("/alerts", "min-jun.lee", 200);
        data.Add("/admin/api-keys", null, 302);
        data.Add("/admin/api-keys", "noah.fischer", 200);
        data.Add("/admin/api-keys", "hana.kim", 302);
        data.Add("/admin/api-keys", "priya.raman", 302);
        return data;
    }

    [Theory]
    [MemberData(nameof(PageCases))]
    public async Task Pages_answer_each_role_as_the_policy_says(string path, string? user, int expected)
    {
        using var client = user is null
            ? portal.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            : await portal.Factory.SignedInClientAsync(user);

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(expected, (int)response.StatusCode);
        if (expected == 302)
        {
            var location = response.Headers.Location!.OriginalString;
            Assert.Contains(user is null ? "/dev/sign-in" : "/access-denied", location, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string, string?, int> ApiCases()
    {
        var data = new TheoryData<string, string, string?, int>();
        foreach (var path in new[] { "/api/models", "/api/models/16", "/api/models/16/versions/6", "/api/models/export.csv",
                     "/api/alerts", "/api/models/16/thresholds", "/api/models/16/statistics" })
        {
            data.Add("GET", path, null, 401);
            foreach (var role in PortalRoles.All)
            {
                data.Add("GET", path, role, 200);
            }
        }

        // The API's description and its reference page are open to anyone, signed in or not.
        foreach (var path in new[] { "/openapi/v1.json", "/api/reference/" })
        {
            data.Add("GET", path, null, 200);
            data.Add("GET", path, PortalRoles.Auditor, 200);
        }

        foreach (var (method, path) in new[] { ("POST", "/api/models"), ("PUT", "/api/models/16"), ("POST", "/api/models/16/versions") })
        {
            data.Add(method, path, null, 401);
            data.Add(method, path, PortalRoles.DataScientist, 400); // allowed through; the empty body is then refused
            foreach (var role in PortalRoles.All.Where(r => r != PortalRoles.DataScientist))
            {
                data.Add(method, path, role, 403);
            }
        }

        foreach (var (method, path) in new[] { ("PUT", "/api/models/16/thresholds"), ("POST", "/api/alerts/1/acknowledge"), ("POST", "/api/alerts/1/resolve") })
        {
            data.Add(method, path, null, 401);
            data.Add(method, path, PortalRoles.Validator, 400); // allowed through; the empty body is then refused
            foreach (var role in PortalRoles.All.Where(r => r != PortalRoles.Validator))
            {
                data.Add(method, path, role, 403);
            }
        }

        data.Add("GET", "/api/me", null, 401);
        data.Add("GET", "/api/me", PortalRoles.Auditor, 200);
        return data;
    }

    [Theory]
    [MemberData(nameof(ApiCases))]
    public async Task The_api_answers_each_role_as_the_policy_says(string method, string path, string? role, int expected)
    {
        using var client = role is null ? portal.Factory.CreateClient() : portal.Factory.CreateClient(role);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(expected, (int)response.StatusCode);
        if (expected is 401 or 403)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>
    /// Static files (the portal's, MudBlazor's, the API reference's scripts), the Blazor framework and its circuit
    /// hub: every page needs them before sign-in, and they hold no data.
    /// </summary>
    private static bool IsInfrastructure(RouteEndpoint endpoint, string pattern) =>
        pattern.StartsWith("/_blazor", StringComparison.Ordinal)
        || pattern.StartsWith("/_framework", StringComparison.Ordinal)
        || pattern.StartsWith("/_content", StringComparison.Ordinal)
        || pattern.Contains(":file}", StringComparison.Ordinal)
        || endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor")
        || pattern.StartsWith("/api/reference/", StringComparison.Ordinal) && Path.HasExtension(pattern)
        || Path.HasExtension(pattern) && !pattern.StartsWith("/api", StringComparison.Ordinal) && !pattern.StartsWith("/openapi", StringComparison.Ordinal);
}
