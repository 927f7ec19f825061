// nginx JSON access-log parser (Gatewatch's escape=json log_format).
export { nginxJson, nginxJsonFormat, parseNginxJson } from './nginx-json.js'
