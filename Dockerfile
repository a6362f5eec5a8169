FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY . .
RUN dotnet publish src/MyChatImposter/MyChatImposter.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The image listens on 8080 (ASPNETCORE_HTTP_PORTS); data/ holds the SQLite file when MongoDB is not used.
ENTRYPOINT ["dotnet", "MyChatImposter.dll"]
