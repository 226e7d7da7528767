using System.Net;

namespace ModelOpsPortal.Tests.Support;

/// <summary>The OpenAPI document as a deployment serves it, fetched without a key (it describes operations, not data).</summary>
public static class ServedDocument
{
    /// <summary>
    /// GET /openapi/v1.json with the Host a deployment has: the document names its server after the request's host, and
    /// Redocly warns of a localhost server, which is all the test host is called.
    /// </summary>
    public static async Task<string> FetchAsync(PortalFactory portal, CancellationToken ct)
    {
        using var anonymous = portal.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json") { Headers = { Host = "modelops.corp.internal" } };
        using var response = await anonymous.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(ct);
    }
}
