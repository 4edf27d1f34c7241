// The Azure Bot that relays Teams to the web app: authenticated as the user-assigned managed identity
// (no app password to rotate), messaging endpoint https://<host>/api/messages, Teams channel on.

@maxLength(20)
@minLength(4)
@description('Used to generate names for all resources in this file')
param resourceBaseName string

@maxLength(42)
param botDisplayName string

param botServiceName string = resourceBaseName
@description('F0 is free and enough for the Teams channel (a standard channel); S1 for premium channels')
param botServiceSku string = 'F0'
@description('Resource id of the bot\'s user-assigned managed identity')
param identityResourceId string
@description('Client id of that identity: the bot id (MicrosoftAppId)')
param identityClientId string
@description('Tenant of that identity (MicrosoftAppTenantId)')
param identityTenantId string
@description('Host name of the web app, without scheme')
param botAppDomain string

// Register your web service as a bot with the Bot Framework
resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  kind: 'azurebot'
  location: 'global'
  name: botServiceName
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${botAppDomain}/api/messages'
    msaAppId: identityClientId
    msaAppMSIResourceId: identityResourceId
    msaAppTenantId: identityTenantId
    msaAppType: 'UserAssignedMSI'
  }
  sku: {
    name: botServiceSku
  }
}

// Connect the bot service to Microsoft Teams
resource botServiceMsTeamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  location: 'global'
  name: 'MsTeamsChannel'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

output botServiceName string = botService.name
output botEndpoint string = botService.properties.endpoint
