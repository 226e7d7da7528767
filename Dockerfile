# The portal, built from source. docker-compose.yml runs it against SQL Server.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ModelOpsPortal.csproj ./
RUN dotnet restore ModelOpsPortal.csproj
COPY . .
RUN dotnet publish ModelOpsPortal.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true
COPY --from=build /app ./
# The embedded SQLite default writes to App_Data; give the non-root user a place for it.
RUN mkdir -p /app/App_Data && chown app:app /app/App_Data
USER app
EXPOSE 8080
# Ready = database reachable and migrated (/health/ready). The image has bash but no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" >&3 && head -n1 <&3 | grep -q " 200 "' 
ENTRYPOINT ["dotnet", "ModelOpsPortal.dll"]
