using ContentFlows.Activities.Content;

namespace ContentFlows.Activities.Tests.Content;

public sealed class WordCountTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("One two  three.\nFour", 4)]
    [InlineData("It's a state-of-the-art router for 1,200 homes (12.5% more).", 9)]
    [InlineData("Как выбрать роутер", 3)]
    [InlineData("Größe und Übergröße", 3)]
    [InlineData("如何选择路由器", 7)]
    [InlineData("Acme路由器", 4)]
    [InlineData("كيف تختار جهاز", 3)]
    public void Of_Text_CountsWords(string text, int expected) => Assert.Equal(expected, WordCount.Of(text));
}
