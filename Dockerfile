FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY . .
RUN dotnet publish src/MyChatImposter/MyChatImposter.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# data/ holds the SQLite file (when MongoDB is not used) and the embedded bridge's data. Made here, owned by the
# image's non-root user (`app`, $APP_UID), so a fresh named volume mounted on it starts out writable by it.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data
USER $APP_UID
# The image listens on 8080 (ASPNETCORE_HTTP_PORTS), a port a non-root user may open.
EXPOSE 8080
# /ready: the store (and a bridge run elsewhere) answers. The image has no curl: the host's own `probe` command
# asks, with nothing else installed.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["dotnet", "MyChatImposter.dll", "probe"]
ENTRYPOINT ["dotnet", "MyChatImposter.dll"]
