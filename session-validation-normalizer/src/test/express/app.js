// A plain Express app that signs people in with express-session on connect-redis, as a platform would, so that
// SourceSessionsExpressTest can check the session-validation-normalizer reads these sessions in place.
// Settings come from the environment: REDIS_URL, SESSION_PREFIX (connect-redis' key prefix), SESSION_SECRETS
// (a JSON array: the first signs, every one verifies, as express-session rotates). Prints "listening <port>".
const express = require("express")
const session = require("express-session")
const RedisStore = require("connect-redis").default
const {createClient} = require("redis")

async function main() {
  const redis = createClient({url: process.env.REDIS_URL})
  // a Redis the test stops on purpose: the client reconnects; nothing to report each time
  redis.on("error", () => {})
  await redis.connect()
  const app = express()
  app.use(express.json())
  app.use(session({
    store: new RedisStore({client: redis, prefix: process.env.SESSION_PREFIX}),
    secret: JSON.parse(process.env.SESSION_SECRETS),
    resave: false,
    saveUninitialized: false,
    cookie: {httpOnly: true, sameSite: "lax"},
  }))

  // what passport's serializeUser would keep: the user under passport.user
  app.post("/login", (req, res, next) => {
    req.session.regenerate(err => {
      if (err) return next(err)
      if (req.body.max_age_ms) req.session.cookie.maxAge = req.body.max_age_ms
      req.session.passport = {user: {id: req.body.id, email: req.body.email, username: req.body.username, roles: req.body.roles}}
      req.session.save(saved => saved ? next(saved) : res.json({signed_in: req.body.id}))
    })
  })

  app.get("/me", (req, res) => res.json({user: req.session.passport ? req.session.passport.user : null}))

  app.post("/logout", (req, res, next) => req.session.destroy(err => err ? next(err) : res.json({signed_out: true})))

  const server = app.listen(0, "127.0.0.1", () => console.log("listening " + server.address().port))
  const stop = () => server.close(() => redis.quit().finally(() => process.exit(0)))
  process.on("SIGTERM", stop)
  process.on("SIGINT", stop)
}

main().catch(err => {
  console.error("express fixture failed:", err.message)
  process.exit(1)
})
