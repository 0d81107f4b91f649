using ContentFlows.Temporal.Activities;

namespace ContentFlows.Temporal.Sdk.Tests.Activities;

public sealed class ActivityDefinitionTests
{
    [Fact]
    public void CreateAll_AttributedMethods_NamesWithoutAsyncSuffixOrFromAttribute()
    {
        var definitions = ActivityDefinition.CreateAll(new SampleActivities());

        Assert.Equal(["Add", "Explicit-Name", "Greet", "Nothing", "NothingAsync", "Optional", "Static"], definitions.Select(d => d.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Create_OptionalParameter_RequiredCountExcludesIt()
    {
        var definition = ActivityDefinition.CreateAll(new SampleActivities()).Single(d => d.Name == "Optional");

        Assert.Equal([typeof(string), typeof(int)], definition.ParameterTypes);
        Assert.Equal(1, definition.RequiredParameterCount);
    }

    [Fact]
    public async Task InvokeAsync_TaskOfT_ReturnsAwaitedResult()
    {
        var definition = ActivityDefinition.CreateAll(new SampleActivities()).Single(d => d.Name == "Add");

        Assert.Equal(5, await definition.InvokeAsync([2, 3]));
        Assert.Equal(typeof(int), definition.ResultType);
    }

    [Fact]
    public async Task InvokeAsync_ValueTaskOfT_ReturnsAwaitedResult()
    {
        var definition = ActivityDefinition.CreateAll(new SampleActivities()).Single(d => d.Name == "Greet");

        Assert.Equal("hi ada", await definition.InvokeAsync(["ada"]));
    }

    [Fact]
    public async Task InvokeAsync_PlainTask_ReturnsNullAndNoResultType()
    {
        var definition = ActivityDefinition.CreateAll(new SampleActivities()).Single(d => d.Name == "Nothing");

        Assert.Null(await definition.InvokeAsync([]));
        Assert.Null(definition.ResultType);
    }

    [Fact]
    public async Task InvokeAsync_MissingOptionalArgument_UsesDefault()
    {
        var definition = ActivityDefinition.CreateAll(new SampleActivities()).Single(d => d.Name == "Optional");

        Assert.Equal("x:42", await definition.InvokeAsync(["x"]));
    }

    [Fact]
    public async Task InvokeAsync_ActivityThrows_OriginalExceptionSurfaces()
    {
        var definition = ActivityDefinition.Create(SampleActivities.Static);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => definition.InvokeAsync([true]));

        Assert.Equal("static failed", error.Message);
    }

    [Fact]
    public async Task InvokeAsync_TooFewArguments_Throws()
    {
        var definition = ActivityDefinition.CreateAll(new SampleActivities()).Single(d => d.Name == "Add");

        await Assert.ThrowsAsync<ArgumentException>(() => definition.InvokeAsync([1]));
    }

    [Fact]
    public void Create_MethodWithoutAttribute_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ActivityDefinition.Create(typeof(SampleActivities).GetMethod(nameof(SampleActivities.NotAnActivity))!, () => new SampleActivities()));

        Assert.Contains("has no [Activity] attribute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnnamedLambda_ThrowsAskingForName()
    {
        var error = Assert.Throws<ArgumentException>(() => ActivityDefinition.Create([Activity] () => 1));

        Assert.Contains("give it a name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NamedLambda_UsesAttributeName()
    {
        var definition = ActivityDefinition.Create([Activity("one")] () => 1);

        Assert.Equal("one", definition.Name);
    }

    [Fact]
    public void CreateAll_TypeWithoutActivities_Throws()
    {
        Assert.Throws<ArgumentException>(() => ActivityDefinition.CreateAll(new object()));
    }

    public sealed class SampleActivities
    {
        [Activity]
        public static string Static(bool fail) => fail ? throw new InvalidOperationException("static failed") : "ok";

        [Activity]
        public async Task<int> AddAsync(int a, int b)
        {
            await Task.Yield();
            return a + b;
        }

        [Activity]
        public ValueTask<string> GreetAsync(string name) => ValueTask.FromResult("hi " + name);

        [Activity]
        public Task NothingAsync() => Task.CompletedTask;

        [Activity("NothingAsync")]
        public void NothingSync()
        {
        }

        [Activity("Explicit-Name")]
        public int Named() => 1;

        [Activity]
        public string Optional(string text, int number = 42) => $"{text}:{number}";

        public int NotAnActivity() => 0;
    }
}
