// The customers the backend benchmarks seed (bench/backend.mjs, bench/sync.mjs): the i-th
// of a large book, with names in several scripts, none with subscriptions.
const pad = (n) => String(n).padStart(12, '0');
// Spread over the ID space as real GUIDs are (the browser's store groups customers by the
// first digits of their ID).
const head = (n) => ((n * 2654435761) >>> 0).toString(16).padStart(8, '0');

export function customer(i) {
  return {
    id: `${head(i)}-0000-4000-8000-${pad(i)}`,
    company_name: `${['Contoso', 'Fabrikam', 'Société', '台灣', 'Northwind'][i % 5]} Customer ${i}`,
    primary_domain: `customer-${i}.example`,
    relationship: 'Reseller',
    reseller_id: null,
    billing_address: { line1: '1 Main St', line2: '', city: 'Paris', state: '', postal_code: '75002', country: 'FR' },
    primary_contact: { first_name: 'Ana', last_name: 'Silva', email: 'ana@example.com', phone: '' },
    created_at: '2025-03-01T10:00:00Z',
  };
}
