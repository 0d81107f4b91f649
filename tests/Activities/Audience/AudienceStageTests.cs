using System.Text.Json;
using ContentFlows.Activities.Audience;

namespace ContentFlows.Activities.Tests.Audience;

public sealed class AudienceStageTests
{
    [Fact]
    public void Parse_ValidPersonas_ReturnsThem()
    {
        var parsed = AudienceStage.Parse("{\"personas\": [{\"name\": \"Busy parent\", \"needs\": [\"Quick setup\"], \"objections\": [], \"toneNotes\": \"Warm, brief.\"}]}", maxPersonas: 3);

        var persona = Assert.Single(parsed.Personas);
        Assert.Equal(("Busy parent", "Quick setup", "Warm, brief."), (persona.Name, Assert.Single(persona.Needs), persona.ToneNotes));
    }

    [Fact]
    public void Parse_IncompletePersonas_ThrowsJsonExceptionNamingEachProblemForTheRepair()
    {
        var error = Assert.Throws<JsonException>(() => AudienceStage.Parse(
            "{\"personas\": [{\"name\": \"Busy parent\", \"needs\": [], \"objections\": [\"\"], \"toneNotes\": \" \"}, {\"needs\": [\"x\"]}]}",
            maxPersonas: 3));

        Assert.Contains("personas[0] (Busy parent) needs at least one non-empty need.", error.Message, StringComparison.Ordinal);
        Assert.Contains("personas[0] (Busy parent) needs an objections array without empty entries.", error.Message, StringComparison.Ordinal);
        Assert.Contains("personas[0] (Busy parent) needs toneNotes.", error.Message, StringComparison.Ordinal);
        Assert.Contains("personas[1] needs a name.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooManyPersonas_ThrowsJsonException()
    {
        var persona = "{\"name\": \"P\", \"needs\": [\"n\"], \"objections\": [], \"toneNotes\": \"t\"}";

        var error = Assert.Throws<JsonException>(() => AudienceStage.Parse($"{{\"personas\": [{persona}, {persona}]}}", maxPersonas: 1));

        Assert.Equal("personas must hold 1 to 1 personas (held 2).", error.Message);
    }
}
