// Reads JSON lines {"id", "text"} on standard input; writes {"id", "rules": [...]} per line:
// the alex rules that fired on the text (an empty list means alex found nothing).
import {text as alex} from 'alex'
import {createInterface} from 'node:readline'

const lines = createInterface({input: process.stdin, crlfDelay: Infinity})
for await (const line of lines) {
  if (!line.trim()) continue
  const item = JSON.parse(line)
  const file = alex(item.text)
  const rules = file.messages.map((message) => message.ruleId || message.source)
  process.stdout.write(JSON.stringify({id: item.id, rules}) + '\n')
}
