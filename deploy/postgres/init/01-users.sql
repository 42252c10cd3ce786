-- The primary auth service's users table as the fallback-session-provider reads it by default
-- (FALLBACK_USERS_TABLE=users; columns id, email, username, hashed_password, is_active), with one
-- demo user for docker-compose. In a real deployment the primary auth service owns this table.
-- Runs once, when the postgres volume is first created.
CREATE TABLE IF NOT EXISTS users (
  id              serial PRIMARY KEY,
  email           text UNIQUE NOT NULL,
  username        text UNIQUE NOT NULL,
  hashed_password text NOT NULL,
  is_active       boolean NOT NULL DEFAULT true
);

-- demo / demo@example.com, password: demo-password-change-me (bcrypt $2b$, cost 12)
INSERT INTO users (email, username, hashed_password, is_active)
VALUES ('demo@example.com', 'demo', '$2b$12$gwYcP81oUpe3S9cU2xOhyusQJtAMfiAsKuJPxnxbttj6iBmA37No6', true)
ON CONFLICT (username) DO NOTHING;
