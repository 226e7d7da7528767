namespace ModelOps.Cli;

/// <summary>What <c>modelops help</c> prints.</summary>
public static class Help
{
    public const string Text = """
        modelops: register, evaluate and promote models in ModelOps Portal from a pipeline.

        Connection: --portal URL (or MODELOPS_PORTAL, or what login saved); the API key is read from MODELOPS_API_KEY
        (or the variable --api-key-env names). Every command takes --json to print the portal's answer as JSON; the ones
        that store something take --idempotency-key KEY, so re-running them after a lost answer stores nothing twice.

          login                    check the portal and the key, and save the portal URL (never the key)
          register-model           --file model.yaml|json
          register-version         --model M --file version.yaml|json [--artifact FILE]   (SHA-256 computed from FILE)
          metrics                  --model M --version V --metric name:split=value[,name:split=value…]   (training-time figures)
          baseline                 --model M --version V --file sample.csv|parquet
          evaluate                 --model M --version V [--challenger C] --file batch.csv|parquet
                                   [--period-start 2026-11-01] [--period-end 2026-11-30] [--name NAME]
          evaluate-summary         --model M --version V [--challenger C] --source 'data/*.parquet'|folder|batch.csv
                                   [--precision P] [--memory-limit 4GB] [--period-start …] [--period-end …] [--name NAME]
                                   (runs the portal's summary query here with DuckDB; only the summary is uploaded)
          request                  --model M --version V --kind validation|promotion|champion-swap|retirement
                                   --justification TEXT [--role champion|challenger] [--previous-champion challenger|retired]
                                   [--successor V | --accept-no-champion] [--wait [--timeout SECONDS]]
          wait                     --request ID [--timeout SECONDS]   (default 3600)
          champion                 --model M   (the champion's number, artifact URI and SHA-256)

        M is a model's id or its exact name; V is a version number, champion or latest.
        Exit codes: 0 done; 1 usage; 2 refused input; 3 not found; 4 conflict; 5 not allowed; 6 portal unreachable or
        failed; 7 the request was rejected or withdrawn; 8 still undecided when the wait ended.

        """;
}
