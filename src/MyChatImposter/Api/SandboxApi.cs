using Microsoft.AspNetCore.Http.HttpResults;
using MyChatImposter.ChatProviders.Sandbox;

namespace MyChatImposter.Api;

// The sandbox chat network: write as a correspondent, read what the bot sent, define groups.
public static class SandboxApi
{
    // WhatsApp's own limit for a text message.
    public const int MaxTextLength = 65_536;
    public const int MaxIdLength = 200;
    public const int MaxGroups = 500;

    public static void MapSandboxApi(this IEndpointRouteBuilder api)
    {
        var sandbox = api.MapBotRoutes("/users/{user_id}/sandbox", "Sandbox");

        sandbox.MapPost("/inbound", Inbound).WithSummary("Writes to a sandbox bot as a correspondent, in a group, or as the owner from another device.")
            .WithDescription("The bot must be linked to the sandbox (404 without a live session, 409 when linked to another provider or stopping). "
                + "422 for a group message when the bot's allow_group_messages is off; 503 when the archive could not take it: send it again.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        sandbox.MapGet("/outbound", Outbound).WithSummary("What a sandbox bot sent, oldest first, after the sequence number given.");
        sandbox.MapGet("/groups", GetGroups).WithSummary("The groups that exist in a bot's sandbox: those the bot sees as its chat groups.");
        sandbox.MapPut("/groups", PutGroups).WithSummary("Replaces the groups that exist in a bot's sandbox.")
            .ProducesValidationProblem();
    }

    // FromOwner: a message the owner sent from another device (to correspondent_id, or in the group);
    // correspondent_id "self" with it is the owner's own chat, where drafts go and commands are written.
    // ReplyTo: the message_id of a message the sandbox sent (see outbound) that this one replies to, as
    // WhatsApp's quote: replying to a draft notice answers that draft.
    public sealed record InboundRequest(
        string? MessageId, string? CorrespondentId, string? DisplayName, GroupRequest? Group, string? Text, bool? FromOwner = null,
        string? ReplyTo = null);

    public sealed record GroupRequest(string? Id, string? Name);

    public sealed record InboundAccepted(string MessageId, bool Duplicate);

    public sealed record OutboundPage(IReadOnlyList<SandboxOutboundMessage> Messages);

    private static async Task<Results<Accepted<InboundAccepted>, ProblemHttpResult>> Inbound(
        [FromRoute(Name = "user_id")] string userId, [FromBody] InboundRequest? body, ChatSessions sessions, SandboxWorld world,
        CancellationToken cancellationToken)
    {
        var errors = Validate(body);
        if (errors.Count > 0)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(errors)
            {
                Title = "Invalid sandbox message",
                Status = StatusCodes.Status400BadRequest,
            });
        }
        if (SandboxOf(userId, sessions, out var problem) is not { } sandbox)
        {
            return problem!;
        }
        if (body!.Group is not null && !sandbox.AllowsGroupMessages)
        {
            return Problems.Field(StatusCodes.Status422UnprocessableEntity, "Group messages are off",
                "group", "This bot's allow_group_messages is false, so group messages never reach it (as on WhatsApp).");
        }

        string? quoted = null;
        if (body.ReplyTo is not null)
        {
            if (world.FindOutbound(userId, body.ReplyTo) is not { } original)
            {
                return Problems.Field(StatusCodes.Status400BadRequest, "Invalid sandbox message", "reply_to",
                    $"No message '{body.ReplyTo}' was sent in this sandbox (see outbound).");
            }
            // As the bridge hands a quote over: the first line, at most 200 characters.
            var firstLine = (original.Text ?? original.Caption ?? "").Split('\n', 2)[0];
            quoted = firstLine.Length > 200 ? firstLine[..200] : firstLine;
        }
        try
        {
            var group = body.Group is null ? null : new SandboxGroup(body.Group.Id!, body.Group.Name ?? body.Group.Id!);
            var (messageId, outcome) = await sandbox.ReceiveAsync(
                new SandboxInbound(body.MessageId, body.CorrespondentId!, body.DisplayName, group, body.Text!, body.FromOwner == true, quoted),
                cancellationToken);
            return TypedResults.Accepted((string?)null, new InboundAccepted(messageId, outcome == IngestOutcome.Duplicate));
        }
        catch (Exception stopping) when (stopping is PipelineClosedException or PipelineStoppedException)
        {
            return TypedResults.Problem(title: "Session stopping", detail: stopping.Message, statusCode: StatusCodes.Status409Conflict);
        }
        catch (ArchiveUnavailableException unavailable)
        {
            // Not accepted and not lost: the caller still has it and may send it again.
            return TypedResults.Problem(title: "Not archived", detail: unavailable.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static Ok<OutboundPage> Outbound([FromRoute(Name = "user_id")] string userId, SandboxWorld world, long after = 0) =>
        TypedResults.Ok(new OutboundPage(world.Outbound(userId, after)));

    private static Ok<IReadOnlyList<SandboxGroup>> GetGroups([FromRoute(Name = "user_id")] string userId, SandboxWorld world) =>
        TypedResults.Ok(world.Groups(userId));

    // Bound by the framework as every other JSON body: a wrong content type is a 415, malformed JSON a 400.
    private static Results<Ok<IReadOnlyList<SandboxGroup>>, ProblemHttpResult> PutGroups([FromRoute(Name = "user_id")] string userId, [FromBody] List<GroupRequest>? groups, SandboxWorld world)
    {
        var errors = new Dictionary<string, string[]>();
        if (groups is null)
        {
            errors["$"] = ["A JSON array of {id, name} is required."];
        }
        else
        {
            if (groups.Count > MaxGroups)
            {
                errors["$"] = [$"At most {MaxGroups} groups."];
            }
            for (var index = 0; index < groups.Count; index++)
            {
                if (IdProblem(groups[index]?.Id) is { } problem)
                {
                    errors[$"[{index}].id"] = [problem];
                }
                if (groups[index]?.Name is { Length: > MaxIdLength })
                {
                    errors[$"[{index}].name"] = [$"At most {MaxIdLength} characters."];
                }
            }
            if (groups.Select(group => group?.Id).Distinct(StringComparer.Ordinal).Count() != groups.Count)
            {
                errors["$"] = ["Group ids must be unique."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(errors) { Title = "Invalid groups", Status = StatusCodes.Status400BadRequest });
        }
        world.SetGroups(userId, groups!.Select(group => new SandboxGroup(group.Id!, group.Name ?? group.Id!)).ToList());
        return TypedResults.Ok(world.Groups(userId));
    }

    private static SandboxProvider? SandboxOf(string userId, ChatSessions sessions, out ProblemHttpResult? problem)
    {
        problem = null;
        if (sessions.Get(userId) is not { } session)
        {
            problem = TypedResults.Problem(title: "No live session", detail: $"'{userId}' has no live session; link it first.",
                statusCode: StatusCodes.Status404NotFound);
            return null;
        }
        if (session.Provider is not SandboxProvider sandbox)
        {
            problem = TypedResults.Problem(title: "Not a sandbox session",
                detail: $"'{userId}' is linked to {session.Provider.Kind}, not the sandbox.", statusCode: StatusCodes.Status409Conflict);
            return null;
        }
        return sandbox;
    }

    private static Dictionary<string, string[]> Validate(InboundRequest? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is null)
        {
            errors["$"] = ["A JSON body {correspondent_id, text, ...} is required."];
            return errors;
        }
        if (IdProblem(body.CorrespondentId) is { } correspondent)
        {
            errors["correspondent_id"] = [correspondent];
        }
        if (body.MessageId is not null && IdProblem(body.MessageId) is { } messageId)
        {
            errors["message_id"] = [messageId];
        }
        else if (body.CorrespondentId == OutboundMessage.SelfRecipient && body.FromOwner != true)
        {
            errors["correspondent_id"] = ["\"self\" is the owner's own chat: only the owner writes there (set from_owner: true)."];
        }
        if (body.FromOwner == true && body.CorrespondentId == OutboundMessage.SelfRecipient && body.Group is not null)
        {
            errors["group"] = ["The owner's own chat is not a group."];
        }
        if (body.ReplyTo is not null && IdProblem(body.ReplyTo) is { } replyTo)
        {
            errors["reply_to"] = [replyTo];
        }
        if (body.DisplayName is { Length: > MaxIdLength })
        {
            errors["display_name"] = [$"At most {MaxIdLength} characters."];
        }
        if (string.IsNullOrEmpty(body.Text))
        {
            errors["text"] = ["is required."];
        }
        else if (body.Text.Length > MaxTextLength)
        {
            errors["text"] = [$"At most {MaxTextLength} characters."];
        }
        if (body.Group is not null)
        {
            if (IdProblem(body.Group.Id) is { } group)
            {
                errors["group.id"] = [group];
            }
            if (body.Group.Name is { Length: > MaxIdLength })
            {
                errors["group.name"] = [$"At most {MaxIdLength} characters."];
            }
        }
        return errors;
    }

    private static string? IdProblem(string? id) =>
        string.IsNullOrWhiteSpace(id) ? "is required."
        : id.Length > MaxIdLength ? $"At most {MaxIdLength} characters."
        : id.Any(char.IsControl) ? "must not contain control characters."
        : null;
}
