using ContentFlows.Activities.Publishing;

namespace ContentFlows.Activities.Tests.Publishing;

public sealed class SlugTests
{
    [Theory]
    [InlineData("Acme Mesh Router: mesh wifi for every room", "acme-mesh-router-mesh-wifi-for-every-room")]
    [InlineData("Café  Crème -- 2025!", "cafe-creme-2025")]
    [InlineData("???", "page")]
    [InlineData("Don't miss it", "dont-miss-it")]
    public void From_Title_IsUrlSafe(string title, string expected) => Assert.Equal(expected, Slug.From(title));

    [Theory]
    [InlineData("Как выбрать роутер для дома", "ru", "kak-vybrat-router-dlya-doma")]
    [InlineData("Οδηγός για τον φούρνο", "el", "odigos-gia-ton-fourno")]
    [InlineData("Größe und Übergröße: Fußball für Anfänger", "de-DE", "groesse-und-uebergroesse-fussball-fuer-anfaenger")]
    [InlineData("Größe und Fußball", null, "grosse-und-fussball")]
    [InlineData("如何选择路由器", "zh", "ru-he-xuan-ze-lu-you-qi")]
    [InlineData("كيف تختار جهاز التوجيه", "ar", "kyf-tkhtr-jhz-ltwjyh")]
    public void From_NonLatinTitle_TransliteratedToMeaningfulAscii(string title, string? language, string expected) =>
        Assert.Equal(expected, Slug.From(title, language));

    [Fact]
    public void From_LongTitle_CutAtAWordWithinTheLimit()
    {
        var slug = Slug.From(string.Join(' ', Enumerable.Repeat("Router", 30)));

        Assert.True(slug.Length <= Slug.MaxLength, slug);
        Assert.EndsWith("-router", slug, StringComparison.Ordinal);
    }
}
