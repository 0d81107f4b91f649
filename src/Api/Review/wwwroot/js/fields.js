// The content fields a reviewer reads and edits, in page order.
export const FIELDS = [
  { name: 'title', label: 'Title', multiline: false },
  { name: 'metaDescription', label: 'Meta description', multiline: true, rows: 2 },
  { name: 'h1', label: 'H1', multiline: false },
  { name: 'body', label: 'Body', multiline: true, rows: 16 },
  { name: 'cta', label: 'Call to action', multiline: false },
];
