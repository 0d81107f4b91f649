// The content fields a reviewer reads and edits, in page order.
export const FIELDS = [
  { name: 'title', label: 'Title', multiline: false },
  { name: 'metaDescription', label: 'Meta description', multiline: true, rows: 2 },
  { name: 'h1', label: 'H1', multiline: false },
  { name: 'body', label: 'Body', multiline: true, rows: 16 },
  { name: 'cta', label: 'Call to action', multiline: false },
];

// Marketing variants (headlines, social posts, ad copy, email subjects): edited in place, kinds kept. Each is
// named like the gates name it, "variants[i]"; the diff shows a variant as "kind: text", as the API does.
export const VARIANT_LABELS = { headline: 'Headline', 'social-post': 'Social post', 'ad-copy': 'Ad copy', 'email-subject': 'Email subject' };
export const variantName = (index) => `variants[${index}]`;
export const variantText = (variant) => (variant ? `${variant.kind}: ${variant.text ?? ''}` : '');
