-- Four roles (DESIGN §3.1): operator (manages every tenant), admin, member and read_only. The key
-- the bootstrap stored before roles existed is the operator's: it becomes an operator key.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check
    CHECK (role IN ('operator', 'admin', 'member', 'read_only'));
UPDATE api_keys
SET role = 'operator'
WHERE name = 'bootstrap'
  AND tenant_id = (SELECT id FROM tenants WHERE name = 'default');

-- Keys are now stored as HMAC-SHA256 under a server pepper (foreman.api.auth.key-pepper), so a
-- stolen table cannot be checked against guesses without the pepper as well. Rows written before
-- keep their bare SHA-256 in key_hash until the key is next used: the API then writes key_hmac and
-- clears key_hash (it cannot re-hash a key it has never seen in clear).
ALTER TABLE api_keys ALTER COLUMN key_hash DROP NOT NULL;
ALTER TABLE api_keys ADD COLUMN key_hmac text UNIQUE CHECK (key_hmac ~ '^[0-9a-f]{64}$');
ALTER TABLE api_keys ADD CONSTRAINT api_keys_hashed_check CHECK (key_hash IS NOT NULL OR key_hmac IS NOT NULL);

-- A key may expire; last_used_at is written at most about once a minute per key, for the key list.
ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
