using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelOpsPortal.Features.Access.ApiKeys;
using ModelOpsPortal.Infrastructure.Auth;
using ModelOpsPortal.Infrastructure.Web;
using ModelOpsPortal.Tests.Support;

namespace ModelOpsPortal.Tests.Platform;

/// <summary>
/// The portal as its own process on the embedded SQLite file, killed without warning (SIGKILL, no shutdown) and started
/// again: everything it had answered as stored is still there, the audit chain still verifies, and a resend under an
/// earlier Idempotency-Key is still replayed.
/// </summary>
[Trait("Category", "Database")]
public sealed class RestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string ScientistKey = "restart-test-scientist-key";
    private const string AuditorKey = "restart-test-auditor-key";

    [Fact]
    public async Task What_was_answered_as_stored_survives_the_process_being_killed_and_started_again()
    {
        var folder = Directory.CreateTempSubdirectory("modelops-restart-");
        try
        {
            var database = Path.Combine(folder.FullName, "App_Data", "portal.db");
            int modelId;
            int evaluationId;
            string firstAnswer;
            using (var first = await PortalProcess.StartAsync(database))
            {
                using var api = first.Client(ScientistKey);
                modelId = await TestModels.RegisterOverApiAsync(api, "Survives restarts", Ct);
                using var evaluation = await api.SendAsync(Evaluation(modelId), Ct);
                Assert.Equal(HttpStatusCode.Created, evaluation.StatusCode);
                firstAnswer = await evaluation.Content.ReadAsStringAsync(Ct);
                evaluationId = JsonDocument.Parse(firstAnswer).RootElement.GetProperty("id").GetInt32();

                first.Kill();
            }

            using var second = await PortalProcess.StartAsync(database);
            using var scientist = second.Client(ScientistKey);
            using var auditor = second.Client(AuditorKey);

            var stored = JsonDocument.Parse(await scientist.GetStringAsync($"/api/models/{modelId}", Ct)).RootElement;
            Assert.Equal("Survives restarts", stored.GetProperty("name").GetString());
            Assert.Equal(1, stored.GetProperty("versions").GetArrayLength());
            using var evaluationAfter = await scientist.GetAsync($"/api/evaluations/{evaluationId}", Ct);
            Assert.Equal(HttpStatusCode.OK, evaluationAfter.StatusCode);
            var verify = JsonDocument.Parse(await auditor.GetStringAsync("/api/audit/verify", Ct)).RootElement;
            Assert.True(verify.GetProperty("intact").GetBoolean());
            Assert.Equal(3, verify.GetProperty("count").GetInt32()); // model, version, evaluation

            using var resent = await scientist.SendAsync(Evaluation(modelId), Ct);
            Assert.Equal(HttpStatusCode.Created, resent.StatusCode);
            Assert.True(resent.Headers.Contains(Idempotency.ReplayedHeader));
            Assert.Equal(firstAnswer, await resent.Content.ReadAsStringAsync(Ct));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static HttpRequestMessage Evaluation(int modelId) => new(HttpMethod.Post, $"/api/models/{modelId}/evaluations?version=1")
    {
        Content = new StringContent("score,label\n0.9,1\n0.3,0\n0.8,1\n0.1,0\n", Encoding.UTF8, "text/csv"),
        Headers = { { Idempotency.Header, "restart-evaluation-1" } },
    };

    /// <summary>The built portal (the test output's ModelOpsPortal.dll) run by <c>dotnet</c> as in production, on loopback.</summary>
    private sealed class PortalProcess : IDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();

        private PortalProcess(Process process, Uri address)
        {
            this.process = process;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<PortalProcess> StartAsync(string database)
        {
            var port = LoopbackApp.FreePort();
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[]
            {
                Path.Combine(AppContext.BaseDirectory, "ModelOpsPortal.dll"),
                "--environment", "Production",
                "--urls", $"http://127.0.0.1:{port}",
                $"--ConnectionStrings:Portal=Data Source={database}",
                "--Portal:SeedDemoData=false",
                "--Auth:Oidc:Authority=https://login.invalid/realms/modelops",
                "--Auth:Oidc:ClientId=modelops-portal",
                "--Portal:ServiceAccounts:0:Name=restart-pipeline",
                $"--Portal:ServiceAccounts:0:Roles:0={PortalRoles.DataScientist}",
                $"--Portal:ServiceAccounts:0:KeySha256={ApiKeyService.Hash(ScientistKey)}",
                "--Portal:ServiceAccounts:1:Name=restart-auditor",
                $"--Portal:ServiceAccounts:1:Roles:0={PortalRoles.Auditor}",
                $"--Portal:ServiceAccounts:1:KeySha256={ApiKeyService.Hash(AuditorKey)}",
            })
            {
                start.ArgumentList.Add(argument);
            }

            var portal = new PortalProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
            portal.process.OutputDataReceived += (_, e) => portal.Log(e.Data);
            portal.process.ErrorDataReceived += (_, e) => portal.Log(e.Data);
            portal.process.BeginOutputReadLine();
            portal.process.BeginErrorReadLine();
            await portal.WaitUntilReadyAsync();
            return portal;
        }

        public HttpClient Client(string key)
        {
            var client = new HttpClient { BaseAddress = Address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return client;
        }

        /// <summary>SIGKILL: no graceful shutdown, no checkpoint, nothing flushed on the way out.</summary>
        public void Kill()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                Kill();
            }

            process.Dispose();
        }

        private void Log(string? line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }

        private async Task WaitUntilReadyAsync()
        {
            using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
                if (process.HasExited)
                {
                    break;
                }

                try
                {
                    using var ready = await probe.GetAsync("/health/ready", Ct);
                    if (ready.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                await Task.Delay(250, Ct);
            }

            string log;
            lock (output)
            {
                log = output.ToString();
            }

            throw new InvalidOperationException($"The portal process did not become ready (exited: {process.HasExited}). Its output:\n{log}");
        }
    }
}
